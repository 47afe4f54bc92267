using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Buffers rows into row groups of exactly the configured size (the last may be shorter) and
/// writes each column from the Arrow buffers. The file holds nothing time- or machine-dependent,
/// so the same rows give the same bytes.
/// </summary>
internal sealed class ParquetBatchWriter : IBatchWriter
{
    private readonly Stream _output;
    private readonly ParquetSinkOptions _options;
    private readonly Schema _schema;
    private readonly DataField[] _fields;
    private readonly RowChunker _chunker;
    private readonly bool[] _sensitive;
    private ParquetWriter? _writer;
    private bool _finished;

    public ParquetBatchWriter(Stream output, Schema schema, ParquetSinkOptions options)
    {
        _output = output;
        _options = options;
        _schema = schema;
        _fields = schema.FieldsList.Select(ParquetTypeMap.ToParquet).ToArray();
        _chunker = new RowChunker(schema, options.RowGroupSize);
        _sensitive = schema.FieldsList.Select(f => f.Metadata?.GetValueOrDefault("dataprep.sensitive") == "true").ToArray();
    }

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        foreach (var group in _chunker.Add(batch)) await WriteGroupAsync(group, cancellationToken);
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished) return;
        if (_chunker.Finish() is { } last) await WriteGroupAsync(last, cancellationToken);
        var writer = await GetWriterAsync(cancellationToken);
        await writer.DisposeAsync(); // writes the footer
        _finished = true;
        await _output.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null && !_finished) await _writer.DisposeAsync();
        _finished = true;
    }

    private async Task WriteGroupAsync(RecordBatch group, CancellationToken ct)
    {
        var writer = await GetWriterAsync(ct);
        using var rowGroup = writer.CreateRowGroup();
        for (var c = 0; c < _fields.Length; c++)
            await ParquetColumnEncoder.WriteAsync(rowGroup, _fields[c], group.Column(c), ct);
        if (_sensitive.Any(s => s)) SensitiveStatistics.Remove(rowGroup, _sensitive);
        rowGroup.CompleteValidate();
    }

    private async Task<ParquetWriter> GetWriterAsync(CancellationToken ct) =>
        _writer ??= await ParquetWriter.CreateAsync(new ParquetSchema(_fields), _output, Options(), append: false, ct);

    /// <summary>
    /// Parquet.Net 6.1 dictionary-encodes a string column only when asked (<see cref="EncodingHint.Dictionary"/>),
    /// and then only for a column chunk whose distinct values are at most <see cref="ParquetOptions.DictionaryEncodingThreshold"/>
    /// of its values (low cardinality); other chunks fall back to plain. A dictionary page lists a column's
    /// distinct values in clear, so a sensitive column never gets one: its hint is byte-stream-split (numbers)
    /// or, for strings, which that encoding does not apply to, plain.
    /// </summary>
    internal static EncodingHint EncodingOf(Apache.Arrow.Field field, bool sensitive) =>
        sensitive ? EncodingHint.ByteSplitStream
        : field.DataType is StringType ? EncodingHint.Dictionary
        : EncodingHint.Default;

    private ParquetOptions Options()
    {
        var options = new ParquetOptions
        {
            CompressionMethod = _options.Compression switch
            {
                ParquetCompression.None => CompressionMethod.None,
                ParquetCompression.Snappy => CompressionMethod.Snappy,
                ParquetCompression.Gzip => CompressionMethod.Gzip,
                ParquetCompression.Zstd => CompressionMethod.Zstd,
                ParquetCompression.Lz4Raw => CompressionMethod.Lz4Raw,
                ParquetCompression.Brotli => CompressionMethod.Brotli,
                _ => throw new ArgumentOutOfRangeException(nameof(_options.Compression), _options.Compression, null),
            },
            // Decide on a dictionary from the first values of a chunk, so a high-cardinality text column
            // is not hashed in full only to be written plain.
            DictionaryEncodingSampleSize = 10_000,
        };
        for (var i = 0; i < _fields.Length; i++)
            options.ColumnEncodingHints[_fields[i].Path.ToString()] = EncodingOf(_schema.GetFieldByIndex(i), _sensitive[i]);
        return options;
    }
}
