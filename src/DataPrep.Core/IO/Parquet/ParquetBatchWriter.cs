using System.Buffers.Binary;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Buffers rows into row groups of exactly the configured size (the last may be shorter) and
/// writes each column from the Arrow buffers. The file holds nothing time- or machine-dependent,
/// so the same rows give the same bytes.
/// </summary>
/// <remarks>
/// Parquet.Net encodes a row group's column chunks one after another on one thread, which made the
/// writer the slowest stage of a copy. So each column chunk is encoded on its own, in parallel: flat
/// columns of the types, encodings and codecs <see cref="ColumnChunkEncoder"/> covers by our own encoder
/// straight from the Arrow buffers, into the bytes Parquet.Net would write; the rest (lists, decimals
/// over 18 digits, non-microsecond timestamps, Brotli and LZ4) by Parquet.Net into a one-column file in memory. This writer copies the
/// chunks' bytes into the output in column order, moves their offsets, and writes the footer itself
/// (<see cref="ThriftFooterWriter"/>) from a template: the footer Parquet.Net writes for the schema with
/// no rows. The bytes do not depend on how many columns were encoded at once.
/// </remarks>
internal sealed class ParquetBatchWriter : IBatchWriter, IRowTakingWriter
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly Stream _output;
    private readonly ParquetSinkOptions _options;
    private readonly Schema _schema;
    private readonly global::Parquet.Schema.Field[] _top;
    private readonly DataField[] _fields;
    private readonly RowChunker _chunker;
    private readonly bool[] _sensitive;
    private readonly int _parallelism;
    private readonly MemoryStream[] _scratch;
    /// <summary>Per column, our encoder where it covers the column (see <see cref="ColumnChunkEncoder.Covers"/>), else null.</summary>
    private readonly ColumnChunkEncoder?[] _encoders;
    private readonly CompressionMethod _codec;
    /// <summary>Per column, the encoding asked of Parquet.Net and followed by our encoder (<see cref="EncodingOf"/>).</summary>
    private readonly EncodingHint[] _hints;
    private ColumnChunkEncoder.Column[]? _columns;
    private readonly List<RowGroup> _rowGroups = [];
    /// <summary>The footer but for its row groups: schema and writer, as Parquet.Net writes them for the schema.</summary>
    private FileMetaData? _footer;
    private long _position;
    private bool _finished;

    public ParquetBatchWriter(Stream output, Schema schema, ParquetSinkOptions options, int parallelism = 0)
    {
        _output = output;
        _options = options;
        _schema = schema;
        _top = schema.FieldsList.Select(ParquetTypeMap.ToParquetField).ToArray();
        _fields = _top.Select(ParquetTypeMap.Leaf).ToArray(); // a list column is written through its element field
        _chunker = new RowChunker(schema, options.RowGroupSize);
        _sensitive = schema.FieldsList.Select(f => f.Metadata?.GetValueOrDefault("dataprep.sensitive") == "true").ToArray();
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        _scratch = _fields.Select(_ => new MemoryStream()).ToArray();
        _codec = Codec(options.Compression);
        _hints = _top.Select((_, c) => EncodingOf(schema.GetFieldByIndex(c), _sensitive[c])).ToArray();
        _encoders = _top.Select((f, c) => f is DataField && ColumnChunkEncoder.Covers(schema.GetFieldByIndex(c).DataType, _codec, _hints[c])
            ? new ColumnChunkEncoder() : null).ToArray();
    }

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken) => WriteRowsAsync(batch, null, cancellationToken);

    public Task WriteRowsAsync(RecordBatch batch, int[]? rows, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        // A row group is encoded and written before the chunker reuses its buffers.
        return _chunker.AddAsync(batch, rows, group => WriteGroupAsync(group, cancellationToken));
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished) return;
        if (_chunker.Finish() is { } last) await WriteGroupAsync(last, cancellationToken);
        if (_rowGroups.Count == 0) await WriteEmptyAsync(cancellationToken);
        else await WriteFooterAsync(cancellationToken);
        _finished = true;
        await _output.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _finished = true;
        foreach (var stream in _scratch) stream.Dispose();
        foreach (var encoder in _encoders) encoder?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WriteGroupAsync(RecordBatch group, CancellationToken ct)
    {
        if (_footer is null) await CreateFooterAsync(ct);
        var chunks = new EncodedChunk[_fields.Length];
        // Largest columns first, so the last one to start is a small one (columns differ by 100x in size).
        var order = Enumerable.Range(0, _fields.Length).OrderByDescending(c => ByteSize(group.Column(c))).ThenBy(c => c);
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = ct },
            async (c, token) => chunks[c] = _encoders[c] is { } encoder
                ? Encoded(encoder.Encode(group.Column(c), _columns![c]))
                : await EncodeAsync(c, group.Column(c), token));

        if (_position == 0)
        {
            await _output.WriteAsync(Magic.ToArray(), ct);
            _position = Magic.Length;
        }
        var rowGroup = new RowGroup
        {
            Columns = new List<ColumnChunk>(_fields.Length),
            NumRows = group.Length,
            FileOffset = _position,
            TotalCompressedSize = 0,
            Ordinal = _rowGroups.Count <= short.MaxValue ? (short)_rowGroups.Count : null,
        };
        foreach (var chunk in chunks)
        {
            // The chunk sat right after the magic in its one-column file; here it starts at _position.
            var shift = _position - Magic.Length;
            var meta = chunk.Meta.MetaData!;
            chunk.Meta.FileOffset += shift;
            meta.DataPageOffset += shift;
            if (meta.DictionaryPageOffset is { } dictionary) meta.DictionaryPageOffset = dictionary + shift;
            if (meta.IndexPageOffset is { } index) meta.IndexPageOffset = index + shift;
            await _output.WriteAsync(chunk.Bytes, ct);
            _position += chunk.Bytes.Length;
            rowGroup.Columns.Add(chunk.Meta);
            rowGroup.TotalByteSize += meta.TotalUncompressedSize;
            rowGroup.TotalCompressedSize += meta.TotalCompressedSize;
        }
        _rowGroups.Add(rowGroup);
    }

    /// <summary>
    /// A column chunk's bytes and its metadata, with offsets relative to a file that starts with the
    /// magic and then the chunk (as the one-column file Parquet.Net writes).
    /// </summary>
    private readonly record struct EncodedChunk(ReadOnlyMemory<byte> Bytes, ColumnChunk Meta);

    private static EncodedChunk Encoded((ReadOnlyMemory<byte> Bytes, ColumnChunk Meta) chunk) => new(chunk.Bytes, chunk.Meta);

    /// <summary>
    /// The footer template: what Parquet.Net writes for the schema and no rows (version, schema elements,
    /// writer), and from its leaf elements what our encoder needs to know of each column.
    /// </summary>
    private async Task CreateFooterAsync(CancellationToken ct)
    {
        using var empty = new MemoryStream();
        var options = Options();
        await (await ParquetWriter.CreateAsync(new ParquetSchema(_top), empty, options, append: false, ct)).DisposeAsync();
        FileMetaData template;
        await using (var reader = await ParquetReader.CreateAsync(empty, null, leaveStreamOpen: true, ct)) template = reader.Metadata!;
        _footer = new FileMetaData { Version = template.Version, Schema = template.Schema, CreatedBy = template.CreatedBy };
        var leaves = template.Schema.Where(e => e.Type is not null).ToArray();
        _columns = _fields.Select((f, c) => new ColumnChunkEncoder.Column(
            f.Path.ToList(), leaves[c].Type!.Value, f.IsNullable, _sensitive[c], _hints[c],
            options.CompressionMethod, options.DictionaryEncodingThreshold, options.DictionaryEncodingSampleSize)).ToArray();
    }

    private async Task<EncodedChunk> EncodeAsync(int c, IArrowArray array, CancellationToken ct)
    {
        var field = _fields[c];
        var scratch = _scratch[c];
        scratch.SetLength(0);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_top[c]), scratch, Options(c), append: false, ct))
        {
            using var rowGroup = writer.CreateRowGroup();
            await ParquetColumnEncoder.WriteAsync(rowGroup, field, array, ct);
            rowGroup.CompleteValidate();
        }
        FileMetaData file;
        await using (var reader = await ParquetReader.CreateAsync(scratch, null, leaveStreamOpen: true, ct)) file = reader.Metadata!;

        var chunk = file.RowGroups.Single().Columns.Single();
        var meta = chunk.MetaData ?? throw new InvalidDataException($"column '{field.Name}': Parquet.Net wrote a column chunk without metadata");
        if (_sensitive[c] && meta.Statistics is { } s)
            meta.Statistics = new Statistics { NullCount = s.NullCount }; // keep the null count (not a value), drop every bound
        else if (array is TimestampArray timestamps && meta.Statistics is { } bounds)
            TimestampStatistics.Correct(bounds, timestamps); // Parquet.Net's are in milliseconds

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(scratch.GetBuffer().AsSpan((int)scratch.Length - 8, 4));
        var end = (int)scratch.Length - 8 - footerLength;
        return new EncodedChunk(scratch.GetBuffer().AsMemory(Magic.Length, end - Magic.Length), chunk);
    }

    private async Task WriteFooterAsync(CancellationToken ct)
    {
        var meta = _footer!;
        meta.NumRows = _rowGroups.Sum(g => g.NumRows);
        meta.RowGroups = _rowGroups;
        var footer = ThriftFooterWriter.Serialize(meta);
        var tail = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        Magic.CopyTo(tail.AsSpan(4));
        await _output.WriteAsync(footer, ct);
        await _output.WriteAsync(tail, ct);
    }

    /// <summary>No rows: Parquet.Net writes the schema and a footer without row groups.</summary>
    private async Task WriteEmptyAsync(CancellationToken ct)
    {
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(_top), _output, Options(), append: false, ct);
        await writer.DisposeAsync();
    }

    private static CompressionMethod Codec(ParquetCompression compression) => compression switch
    {
        ParquetCompression.None => CompressionMethod.None,
        ParquetCompression.Snappy => CompressionMethod.Snappy,
        ParquetCompression.Gzip => CompressionMethod.Gzip,
        ParquetCompression.Zstd => CompressionMethod.Zstd,
        ParquetCompression.Lz4Raw => CompressionMethod.Lz4Raw,
        ParquetCompression.Brotli => CompressionMethod.Brotli,
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    private static long ByteSize(IArrowArray array) => array.Data.Buffers.Sum(b => (long)b.Length);

    /// <summary>
    /// Parquet.Net 6.1 dictionary-encodes a string column only when asked (<see cref="EncodingHint.Dictionary"/>),
    /// and then only for a column chunk whose distinct values are at most <see cref="ParquetOptions.DictionaryEncodingThreshold"/>
    /// of its values (low cardinality); other chunks fall back to plain. A dictionary page lists a column's
    /// distinct values in clear, so a sensitive column never gets one: its hint is the default, plain for
    /// every type. (It used to be byte-stream-split for numbers, which DuckDB 1.5 cannot read for integers.)
    /// </summary>
    internal static EncodingHint EncodingOf(Apache.Arrow.Field field, bool sensitive) =>
        !sensitive && field.DataType is Apache.Arrow.Types.StringType ? EncodingHint.Dictionary : EncodingHint.Default;

    private ParquetOptions Options(int? column = null)
    {
        var options = new ParquetOptions
        {
            CompressionMethod = _codec,
            // Decide on a dictionary from the first values of a chunk, so a high-cardinality text column
            // is not hashed in full only to be written plain.
            DictionaryEncodingSampleSize = 10_000,
        };
        for (var i = 0; i < _fields.Length; i++)
            if (column is null || column == i)
                options.ColumnEncodingHints[_fields[i].Path.ToString()] = _hints[i];
        return options;
    }
}
