using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Meta;
using TimeUnit = Apache.Arrow.Types.TimeUnit;
using TimestampType = Apache.Arrow.Types.TimestampType;
using ParquetEncoding = Parquet.Meta.Encoding;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Encodes a flat column chunk from the Arrow buffers into the bytes and metadata Parquet.Net 6.1 would
/// write for it (one data page v1, after a dictionary page for the string chunks it dictionary-encodes),
/// without building a CLR value per row. <see cref="Covers"/> says which chunks it takes; the others
/// stay with Parquet.Net. One instance per column, reused across row groups, so its buffers are too.
/// </summary>
/// <remarks>
/// Where Parquet.Net's rules are followed to the byte: PLAIN values as its encoders write them (8- and
/// 16-bit integers widened to INT32, booleans bit-packed), definition levels as RLE runs only
/// (<see cref="RleHybridEncoder"/>), its dictionary decision (<see cref="StringDictionary"/>), its
/// statistics (min/max in both the deprecated and the new fields, also in the page header; an all-null
/// integer or float chunk gets min = max = 0, as Parquet.Net gives it), and its codecs at their default
/// levels. Timestamps (microseconds, as the engine keeps them) are the exception to the statistics:
/// Parquet.Net stores their values in microseconds but their min/max in milliseconds, and DuckDB then
/// skips row groups that match a filter; ours are in microseconds, from the values as written
/// (<see cref="PlainValues"/>; <see cref="TimestampStatistics"/> corrects Parquet.Net's own chunks).
/// A sensitive column's chunk statistics keep only the null count (as <see cref="ParquetBatchWriter"/>
/// does for Parquet.Net's chunks); its data page header keeps Parquet.Net's min/max, as docs/PRIVACY.md
/// records. One deliberate difference: strings are ordered by their UTF-8 bytes (the Parquet order),
/// where Parquet.Net compares UTF-16; the two differ only between supplementary-plane characters and
/// U+E000–U+FFFF.
/// </remarks>
internal sealed class ColumnChunkEncoder : IDisposable
{
    private readonly PageBuffer _page = new();
    private readonly PageBuffer _chunk = new();
    private readonly StringDictionary _dictionary = new();
    private readonly PageCompressor _compressor = new();

    /// <summary>
    /// Whether this encoder writes such a chunk: a flat column of a type below, a codec it has, and an
    /// encoding it writes (plain, or a dictionary for strings; any other hint goes to Parquet.Net).
    /// </summary>
    public static bool Covers(IArrowType type, CompressionMethod codec, EncodingHint hint) =>
        PageCompressor.Supports(codec) && hint is EncodingHint.Default or EncodingHint.Dictionary && type switch
        {
            Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type or UInt64Type => true,
            FloatType or DoubleType or Date32Type or BooleanType or Apache.Arrow.Types.StringType or BinaryType => true,
            Decimal128Type { Precision: <= 18 } or TimestampType { Unit: TimeUnit.Microsecond } => true,
            _ => false,
        };

    /// <summary>
    /// Encodes <paramref name="array"/> (a flat column of <see cref="Covers"/>) as the chunk of a file in
    /// which it starts right after the magic, as <see cref="ParquetBatchWriter"/> expects. The bytes stay
    /// valid until the next call.
    /// </summary>
    public (ReadOnlyMemory<byte> Bytes, ColumnChunk Meta) Encode(IArrowArray array, Column column)
    {
        if (!column.Nullable && array.NullCount > 0)
            throw new InvalidDataException($"column '{column.Path[^1]}' is not nullable but has {array.NullCount} nulls");
        _chunk.Reset();
        _uncompressedTotal = 0;
        var stats = new Statistics { NullCount = array.NullCount };
        var codec = column.Codec;
        var dataEncoding = ParquetEncoding.PLAIN;

        if (array is StringArray strings && column.Hint == EncodingHint.Dictionary
            && _dictionary.TryBuild(strings, column.DictionaryThreshold, column.DictionarySampleSize))
        {
            _page.Reset();
            _dictionary.WriteEntries(_page, strings.ValueBuffer.Span);
            SetMinMax(stats, _dictionary.Min, _dictionary.Max);
            WritePage(new PageHeader
            {
                Type = PageType.DICTIONARY_PAGE,
                DictionaryPageHeader = new DictionaryPageHeader { NumValues = _dictionary.Count, Encoding = ParquetEncoding.PLAIN_DICTIONARY },
            }, codec);
            dataEncoding = ParquetEncoding.PLAIN_DICTIONARY;
        }

        _page.Reset();
        if (column.Nullable)
            RleHybridEncoder.WriteDefinitionLevels(_page, ArrowArrays.ValidityBits(array), array.Offset, array.Length, array.NullCount);
        if (dataEncoding == ParquetEncoding.PLAIN_DICTIONARY)
        {
            var bitWidth = RleHybridEncoder.BitWidth(_dictionary.Count);
            _page.WriteByte((byte)bitWidth);
            RleHybridEncoder.WriteValues(_page, _dictionary.Indexes, bitWidth);
        }
        else
        {
            var (min, max) = PlainValues.Write(_page, array, column.Path[^1]);
            SetMinMax(stats, min, max);
        }
        WritePage(new PageHeader
        {
            Type = PageType.DATA_PAGE,
            DataPageHeader = new DataPageHeader
            {
                NumValues = array.Length,
                Encoding = dataEncoding,
                DefinitionLevelEncoding = ParquetEncoding.RLE,
                RepetitionLevelEncoding = ParquetEncoding.RLE,
                Statistics = stats,
            },
        }, codec);

        var meta = new ColumnMetaData
        {
            Type = column.PhysicalType,
            // Parquet.Net lists the pages' encodings in first-seen order: the values' (the dictionary
            // page's is the same), then RLE, the levels' encoding, named even for a required column.
            Encodings = [dataEncoding, ParquetEncoding.RLE],
            PathInSchema = column.Path,
            Codec = (CompressionCodec)codec,
            NumValues = array.Length,
            TotalUncompressedSize = _uncompressedTotal,
            TotalCompressedSize = _chunk.Length,
            DataPageOffset = MagicLength,
            // A sensitive column's chunk statistics keep the null count (not a value) and drop every bound.
            Statistics = column.Sensitive ? new Statistics { NullCount = stats.NullCount } : stats,
        };
        return (_chunk.WrittenMemory, new ColumnChunk { FileOffset = MagicLength, MetaData = meta });
    }

    public void Dispose() => _compressor.Dispose();

    /// <summary>What the encoder needs to know of a column besides its values.</summary>
    public sealed record Column(
        List<string> Path, global::Parquet.Meta.Type PhysicalType, bool Nullable, bool Sensitive, EncodingHint Hint,
        CompressionMethod Codec, double DictionaryThreshold, int DictionarySampleSize);

    private const int MagicLength = 4;
    private long _uncompressedTotal;

    /// <summary>Compresses <see cref="_page"/> and appends header and page to the chunk.</summary>
    private void WritePage(PageHeader header, CompressionMethod codec)
    {
        var compressed = _compressor.Compress(codec, _page.WrittenSpan);
        header.UncompressedPageSize = _page.Length;
        header.CompressedPageSize = compressed.Length;
        var start = _chunk.Length;
        ThriftFooterWriter.Serialize(header, _chunk);
        var headerSize = _chunk.Length - start;
        _chunk.Write(compressed);
        _uncompressedTotal += headerSize + _page.Length;
    }

    private static void SetMinMax(Statistics stats, byte[]? min, byte[]? max)
    {
        stats.Min = stats.MinValue = min;
        stats.Max = stats.MaxValue = max;
    }
}
