using Parquet.Meta;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// The fields of a Parquet page header that a flat-column decoder uses (parquet.thrift
/// <c>PageHeader</c> with its data, data v2 and dictionary sub-headers), and where the page body
/// starts and ends in the column chunk.
/// </summary>
internal readonly record struct PageHeaderInfo(
    PageType Type, int UncompressedSize, int CompressedSize, int NumValues, Encoding Encoding,
    Encoding DefinitionEncoding, int NumRows, int DefinitionLength, int RepetitionLength, bool IsCompressed,
    int BodyStart)
{
    public int BodyEnd => BodyStart + CompressedSize;

    /// <summary>Parses the header at <paramref name="start"/> of <paramref name="chunk"/>; the body must fit in the chunk.</summary>
    public static PageHeaderInfo Parse(ReadOnlySpan<byte> chunk, int start)
    {
        var reader = new ThriftCompactReader(chunk[start..]);
        int? type = null, uncompressed = null, compressed = null;
        var sub = default(SubHeader);
        short last = 0;
        while (reader.NextField(ref last, out var kind, out var id))
        {
            switch (id)
            {
                case 1 when kind == ThriftCompactReader.I32: type = reader.ReadI32(); break;
                case 2 when kind == ThriftCompactReader.I32: uncompressed = reader.ReadI32(); break;
                case 3 when kind == ThriftCompactReader.I32: compressed = reader.ReadI32(); break;
                case 5 or 7 or 8 when kind == ThriftCompactReader.Struct: sub = SubHeader.Read(ref reader, id); break;
                default: reader.Skip(kind); break;
            }
        }
        if (type is null || uncompressed is null || compressed is null)
            throw new InvalidDataException($"page header at byte {start} of the chunk lacks its type or sizes");
        var pageType = (PageType)type.Value;
        if (uncompressed < 0 || compressed < 0 || compressed > chunk.Length - start - reader.Position)
            throw new InvalidDataException($"page at byte {start} of the chunk has sizes ({compressed} compressed, {uncompressed} uncompressed) that do not fit the chunk");
        var needed = pageType switch { PageType.DATA_PAGE => 5, PageType.DICTIONARY_PAGE => 7, PageType.DATA_PAGE_V2 => 8, _ => 0 };
        if (needed != 0 && sub.Id != needed)
            throw new InvalidDataException($"page header at byte {start} of the chunk ({pageType}) lacks its {pageType} header");
        if (sub.NumValues < 0 || sub.DefinitionLength < 0 || sub.RepetitionLength < 0
            || (pageType == PageType.DATA_PAGE_V2 && (long)sub.DefinitionLength + sub.RepetitionLength > Math.Min(compressed.Value, uncompressed.Value)))
            throw new InvalidDataException($"page header at byte {start} of the chunk has negative or oversized counts");
        return new PageHeaderInfo(pageType, uncompressed.Value, compressed.Value, sub.NumValues, sub.Encoding, sub.DefinitionEncoding,
            sub.NumRows, sub.DefinitionLength, sub.RepetitionLength, sub.IsCompressed, start + reader.Position);
    }

    private record struct SubHeader(short Id, int NumValues, Encoding Encoding, Encoding DefinitionEncoding,
        int NumRows, int DefinitionLength, int RepetitionLength, bool IsCompressed)
    {
        // DataPageHeader (5): 1 num_values, 2 encoding, 3 definition_level_encoding.
        // DictionaryPageHeader (7): 1 num_values, 2 encoding.
        // DataPageHeaderV2 (8): 1 num_values, 3 num_rows, 4 encoding, 5 definition_levels_byte_length,
        // 6 repetition_levels_byte_length, 7 is_compressed (default true).
        public static SubHeader Read(ref ThriftCompactReader reader, short id)
        {
            var sub = new SubHeader { Id = id, Encoding = Encoding.PLAIN, DefinitionEncoding = Encoding.RLE, IsCompressed = true, NumRows = -1 };
            short last = 0;
            while (reader.NextField(ref last, out var kind, out var field))
            {
                var i32 = kind == ThriftCompactReader.I32;
                switch (field)
                {
                    case 1 when i32: sub.NumValues = reader.ReadI32(); break;
                    case 2 when i32 && id != 8: sub.Encoding = (Encoding)reader.ReadI32(); break;
                    case 3 when i32 && id == 5: sub.DefinitionEncoding = (Encoding)reader.ReadI32(); break;
                    case 3 when i32 && id == 8: sub.NumRows = reader.ReadI32(); break;
                    case 4 when i32 && id == 8: sub.Encoding = (Encoding)reader.ReadI32(); break;
                    case 5 when i32 && id == 8: sub.DefinitionLength = reader.ReadI32(); break;
                    case 6 when i32 && id == 8: sub.RepetitionLength = reader.ReadI32(); break;
                    case 7 when id == 8 && kind is ThriftCompactReader.BoolTrue or ThriftCompactReader.BoolFalse:
                        sub.IsCompressed = kind == ThriftCompactReader.BoolTrue;
                        break;
                    default: reader.Skip(kind); break;
                }
            }
            return sub;
        }
    }
}
