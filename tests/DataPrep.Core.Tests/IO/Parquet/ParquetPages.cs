using Parquet;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// Walks the pages of every column chunk of a Parquet file, reading each page header (Thrift compact
/// protocol) from the bytes: what is really in the file, whatever the footer's column metadata claims
/// (Parquet.Net 6.1 writes dictionary pages without setting <c>dictionary_page_offset</c>).
/// </summary>
internal static class ParquetPages
{
    public const int DataPage = 0, DictionaryPage = 2, DataPageV2 = 3;

    /// <summary>Per column name: the page types of its chunks in file order, and the chunk-level encodings listed in the footer.</summary>
    public static async Task<Dictionary<string, (List<int> PageTypes, List<string> Encodings)>> ReadAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        await using var stream = new MemoryStream(bytes);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var result = new Dictionary<string, (List<int>, List<string>)>(StringComparer.Ordinal);
        foreach (var group in reader.Metadata!.RowGroups)
        foreach (var chunk in group.Columns)
        {
            var meta = chunk.MetaData!;
            var name = string.Join(".", meta.PathInSchema);
            if (!result.TryGetValue(name, out var entry)) result[name] = entry = ([], []);
            entry.Item2.AddRange(meta.Encodings.Select(e => e.ToString()).Except(entry.Item2));
            var position = meta.DictionaryPageOffset is { } d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
            var end = position + meta.TotalCompressedSize;
            while (position < end)
            {
                var at = (int)position;
                var (type, compressed) = Header(bytes, ref at);
                entry.Item1.Add(type);
                position = at + compressed;
            }
        }
        return result;
    }

    /// <summary>
    /// Per column name: the min/max statistics of every data page header (v1 and v2) of its chunks, in
    /// file order, as raw bytes (Statistics fields 1 max, 2 min, 5 max_value, 6 min_value; null when absent).
    /// </summary>
    public static async Task<Dictionary<string, List<PageStatistics>>> PageStatisticsAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(file);
        await using var stream = new MemoryStream(bytes);
        await using var reader = await ParquetReader.CreateAsync(stream);
        var result = new Dictionary<string, List<PageStatistics>>(StringComparer.Ordinal);
        foreach (var group in reader.Metadata!.RowGroups)
        foreach (var chunk in group.Columns)
        {
            var meta = chunk.MetaData!;
            var name = string.Join(".", meta.PathInSchema);
            if (!result.TryGetValue(name, out var pages)) result[name] = pages = [];
            var position = meta.DictionaryPageOffset is { } d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
            var end = position + meta.TotalCompressedSize;
            while (position < end)
            {
                var at = (int)position;
                var statistics = new PageStatistics();
                var (type, compressed) = Header(bytes, ref at, statistics);
                if (type is DataPage or DataPageV2) pages.Add(statistics);
                position = at + compressed;
            }
        }
        return result;
    }

    /// <summary>A data page header's min/max statistics as written (raw bytes), null where the header has none.</summary>
    public sealed class PageStatistics
    {
        public byte[]? Max { get; set; }

        public byte[]? Min { get; set; }

        public byte[]? MaxValue { get; set; }

        public byte[]? MinValue { get; set; }

        public IEnumerable<byte[]> All => new[] { Max, Min, MaxValue, MinValue }.OfType<byte[]>();
    }

    /// <summary>
    /// Reads a PageHeader struct: field 1 is the page type, field 3 the compressed page size, fields 5
    /// (DataPageHeader) and 8 (DataPageHeaderV2) hold the page's Statistics (field 5, resp. 8); the rest is skipped.
    /// </summary>
    private static (int Type, int CompressedSize) Header(byte[] b, ref int at, PageStatistics? statistics = null)
    {
        int type = -1, compressed = -1;
        short field = 0;
        while (true)
        {
            var head = b[at++];
            if (head == 0) break;
            var kind = head & 0x0F;
            field = (head >> 4) is var delta and not 0 ? (short)(field + delta) : (short)ZigZag(Varint(b, ref at));
            if (field == 1 && kind == 5) type = (int)ZigZag(Varint(b, ref at));
            else if (field == 3 && kind == 5) compressed = (int)ZigZag(Varint(b, ref at));
            else if (statistics is not null && kind == 12 && field is 5 or 8) DataHeader(b, ref at, field, statistics); // the header struct sits at the same field number as its statistics
            else Skip(b, ref at, kind);
        }
        if (type < 0 || compressed < 0) throw new InvalidDataException("not a page header");
        return (type, compressed);
    }

    private static void DataHeader(byte[] b, ref int at, short statisticsField, PageStatistics statistics)
    {
        short field = 0;
        while (true)
        {
            var head = b[at++];
            if (head == 0) return;
            var kind = head & 0x0F;
            field = (head >> 4) is var delta and not 0 ? (short)(field + delta) : (short)ZigZag(Varint(b, ref at));
            if (field == statisticsField && kind == 12) Statistics(b, ref at, statistics);
            else Skip(b, ref at, kind);
        }
    }

    private static void Statistics(byte[] b, ref int at, PageStatistics statistics)
    {
        short field = 0;
        while (true)
        {
            var head = b[at++];
            if (head == 0) return;
            var kind = head & 0x0F;
            field = (head >> 4) is var delta and not 0 ? (short)(field + delta) : (short)ZigZag(Varint(b, ref at));
            if (kind == 8 && field is 1 or 2 or 5 or 6)
            {
                var length = (int)Varint(b, ref at);
                var value = b.AsSpan(at, length).ToArray();
                at += length;
                switch (field)
                {
                    case 1: statistics.Max = value; break;
                    case 2: statistics.Min = value; break;
                    case 5: statistics.MaxValue = value; break;
                    default: statistics.MinValue = value; break;
                }
            }
            else Skip(b, ref at, kind);
        }
    }

    private static void Skip(byte[] b, ref int at, int kind)
    {
        switch (kind)
        {
            case 1 or 2: break; // booleans live in the field header
            case 3: at++; break;
            case 4 or 5 or 6: Varint(b, ref at); break;
            case 7: at += 8; break;
            case 8:
            {
                var length = (int)Varint(b, ref at);
                at += length;
                break;
            }
            case 9 or 10:
            {
                var head = b[at++];
                var size = head >> 4 == 15 ? (int)Varint(b, ref at) : head >> 4;
                for (var i = 0; i < size; i++) Skip(b, ref at, (head & 0x0F) is 1 or 2 ? 3 : head & 0x0F);
                break;
            }
            case 11:
            {
                var size = (int)Varint(b, ref at);
                if (size == 0) break;
                var kv = b[at++];
                for (var i = 0; i < size; i++) { Skip(b, ref at, kv >> 4); Skip(b, ref at, kv & 0x0F); }
                break;
            }
            case 12:
            {
                while (true)
                {
                    var head = b[at++];
                    if (head == 0) break;
                    if (head >> 4 == 0) Varint(b, ref at); // a long-form field id
                    Skip(b, ref at, head & 0x0F);
                }
                break;
            }
            default: throw new InvalidDataException($"unknown thrift type {kind}");
        }
    }

    private static ulong Varint(byte[] b, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var x = b[at++];
            value |= (ulong)(x & 0x7F) << shift;
            if (x < 0x80) return value;
        }
    }

    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
