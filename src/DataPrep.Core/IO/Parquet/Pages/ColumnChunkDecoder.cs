using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;
using Parquet.Schema;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Decodes a flat column chunk straight from the file into Arrow buffers: the chunk's bytes by a
/// positional read (one handle serves every worker), page headers parsed here, pages decompressed
/// one at a time. Returns null, before any value is decoded, when the chunk needs something this
/// decoder does not do (the caller then uses Parquet.Net): nesting, max definition level above 1,
/// encryption, another codec, an encoding other than PLAIN / dictionary / RLE booleans, levels not
/// in RLE. Corrupt input throws an <see cref="InvalidDataException"/> naming the column and row group.
/// </summary>
internal static class ColumnChunkDecoder
{
    /// <summary>The chunk's rows as arrays of at most <paramref name="sliceRows"/> rows each (see <see cref="ColumnSlices"/>), in row order.</summary>
    /// <param name="scratch">Reusable buffers, this call's alone while it runs (<see cref="ChunkScratch.Pool"/>); null: fresh ones.</param>
    /// <param name="arrays">Where the arrays' value and offset buffers come from (<see cref="ReadRequest.Arrays"/>); null: new arrays.</param>
    public static IArrowArray[]? TryDecode(SafeFileHandle file, long fileLength, ColumnChunk? chunk, DataField field, IArrowType type,
        int rows, int rowGroup, CancellationToken ct, ChunkScratch? scratch = null, int sliceRows = int.MaxValue, Data.ArrayRecycler? arrays = null)
    {
        try
        {
            if (!Eligible(chunk, field, type)) return null;
            var meta = chunk!.MetaData!;
            var builder = ColumnSlices.Create(field, meta.Type, type, rows, sliceRows, arrays);
            if (builder is null) return null;
            scratch ??= new ChunkScratch();
            var bytes = ReadChunk(file, fileLength, meta, scratch);
            var pages = ScanPages(bytes, meta, field, rows);
            if (pages is null) return null;
            return Decode(bytes, pages, meta.Codec, field.MaxDefinitionLevel > 0, builder, rows, scratch, ct);
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"column '{field.Name}', row group {rowGroup}: {e.Message}", e);
        }
    }

    private static bool Eligible(ColumnChunk? chunk, DataField field, IArrowType type)
    {
        if (chunk?.MetaData is not { } meta || chunk.CryptoMetadata is not null || chunk.EncryptedColumnMetadata is not null) return false;
        if (chunk.FilePath is not null || type is Apache.Arrow.Types.ListType) return false;
        if (field.MaxRepetitionLevel != 0 || field.MaxDefinitionLevel > 1) return false;
        if (!PageDecompressor.IsSupported(meta.Codec)) return false;
        return meta.Encodings.All(e => e is Encoding.PLAIN or Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY or Encoding.RLE or Encoding.BIT_PACKED);
    }

    private static ArraySegment<byte> ReadChunk(SafeFileHandle file, long fileLength, ColumnMetaData meta, ChunkScratch scratch)
    {
        var start = meta.DictionaryPageOffset is > 0 and var d && d < meta.DataPageOffset ? d : meta.DataPageOffset;
        var length = meta.TotalCompressedSize;
        if (start < 4 || length < 0 || length > System.Array.MaxLength || start + length > fileLength)
            throw new InvalidDataException($"chunk at byte {start} of {length} bytes lies outside the file ({fileLength} bytes)");
        var bytes = new ArraySegment<byte>(scratch.Chunk((int)length), 0, (int)length);
        for (var done = 0; done < bytes.Count;)
        {
            var read = RandomAccess.Read(file, bytes.AsSpan(done), start + done);
            if (read == 0) throw new InvalidDataException($"file ends inside the chunk at byte {start + done}");
            done += read;
        }
        return bytes;
    }

    /// <summary>All page headers of the chunk, checked; null when a page needs the Parquet.Net path.</summary>
    private static List<PageHeaderInfo>? ScanPages(ReadOnlySpan<byte> bytes, ColumnMetaData meta, DataField field, int rows)
    {
        var pages = new List<PageHeaderInfo>();
        var optional = field.MaxDefinitionLevel > 0;
        long values = 0;
        for (var at = 0; at < bytes.Length;)
        {
            var page = PageHeaderInfo.Parse(bytes, at);
            at = page.BodyEnd;
            switch (page.Type)
            {
                case PageType.DICTIONARY_PAGE:
                    if (pages.Count > 0) throw new InvalidDataException("dictionary page is not the chunk's first page");
                    if (page.Encoding is not (Encoding.PLAIN or Encoding.PLAIN_DICTIONARY)) return null;
                    break;
                case PageType.DATA_PAGE or PageType.DATA_PAGE_V2:
                    var dictionary = page.Encoding is Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY;
                    var rle = page.Encoding == Encoding.RLE && meta.Type == global::Parquet.Meta.Type.BOOLEAN;
                    if (!dictionary && !rle && page.Encoding != Encoding.PLAIN) return null;
                    if (dictionary && (pages.Count == 0 || pages[0].Type != PageType.DICTIONARY_PAGE))
                        throw new InvalidDataException("dictionary-encoded data page without a dictionary page");
                    if (page.Type == PageType.DATA_PAGE && optional && page.DefinitionEncoding != Encoding.RLE) return null;
                    if (page.Type == PageType.DATA_PAGE_V2 && (page.RepetitionLength != 0 || page.NumRows != page.NumValues))
                        throw new InvalidDataException($"data page v2 of a flat column has {page.NumRows} rows but {page.NumValues} values");
                    values += page.NumValues;
                    break;
                default:
                    continue;
            }
            pages.Add(page);
        }
        if (values != rows || meta.NumValues != rows)
            throw new InvalidDataException($"data pages hold {values} values and the footer says {meta.NumValues}, but the row group has {rows} rows");
        return pages;
    }

    private static IArrowArray[] Decode(ArraySegment<byte> bytes, List<PageHeaderInfo> pages, CompressionCodec codec, bool optional,
        ColumnSlices builder, int rows, ChunkScratch scratch, CancellationToken ct)
    {
        var validity = optional ? new byte[(rows + 7) / 8] : null;
        var buffer = codec == CompressionCodec.UNCOMPRESSED ? [] : scratch.Page(pages.Max(p => p.UncompressedSize));
        var row = 0;
        var present = 0;
        foreach (var page in pages)
        {
            ct.ThrowIfCancellationRequested();
            var body = bytes.AsSpan(page.BodyStart, page.CompressedSize);
            if (page.Type == PageType.DICTIONARY_PAGE)
            {
                builder.SetDictionary(Body(codec, body, page.UncompressedSize, buffer), page.NumValues);
                continue;
            }
            ReadOnlySpan<byte> levels, values;
            if (page.Type == PageType.DATA_PAGE)
            {
                var whole = Body(codec, body, page.UncompressedSize, buffer);
                var length = optional ? LevelsLength(whole) : -4;
                levels = optional ? whole.Slice(4, length) : default;
                values = whole[(4 + length)..];
            }
            else
            {
                levels = body.Slice(0, page.DefinitionLength);
                var rest = body[page.DefinitionLength..];
                var size = page.UncompressedSize - page.DefinitionLength;
                values = page.IsCompressed ? Body(codec, rest, size, buffer) : rest;
            }
            var count = page.NumValues;
            var here = optional ? RleBitPackedDecoder.DecodeBits(levels, validity!, row, count) : count;
            if (page.Encoding is Encoding.PLAIN_DICTIONARY or Encoding.RLE_DICTIONARY) AddIndices(builder, values, row, count, here, validity);
            else if (page.Encoding == Encoding.RLE) builder.AddRle(values, row, count, here, validity);
            else builder.AddPlain(values, row, count, here, validity);
            row += count;
            present += here;
        }
        return builder.Build(validity, rows - present);
    }

    private static ReadOnlySpan<byte> Body(CompressionCodec codec, ReadOnlySpan<byte> body, int size, byte[] buffer)
    {
        if (codec == CompressionCodec.UNCOMPRESSED)
        {
            if (body.Length != size) throw new InvalidDataException($"uncompressed page holds {body.Length} bytes, not the {size} its header declares");
            return body;
        }
        var target = buffer.AsSpan(0, size);
        PageDecompressor.Decompress(codec, body, target);
        return target;
    }

    // Data page v1: definition levels are prefixed with their 4-byte little-endian length.
    private static int LevelsLength(ReadOnlySpan<byte> page)
    {
        if (page.Length < 4) throw new InvalidDataException("data page is too short for its definition levels");
        var length = BinaryPrimitives.ReadInt32LittleEndian(page);
        if (length < 0 || length > page.Length - 4) throw new InvalidDataException($"definition levels of {length} bytes do not fit the {page.Length}-byte page");
        return length;
    }

    // Dictionary indices: one byte of bit width, then the RLE / bit-packed hybrid.
    private static void AddIndices(ColumnSlices builder, ReadOnlySpan<byte> values, int row, int count, int present, byte[]? validity)
    {
        if (!builder.HasDictionary) throw new InvalidDataException("dictionary-encoded data page without a dictionary");
        var indices = GC.AllocateUninitializedArray<int>(present);
        if (present > 0)
        {
            if (values.Length < 1) throw new InvalidDataException("dictionary-encoded page lacks its index bit width");
            RleBitPackedDecoder.Decode(values[1..], values[0], indices);
        }
        builder.AddIndices(indices, row, count, validity);
    }
}
