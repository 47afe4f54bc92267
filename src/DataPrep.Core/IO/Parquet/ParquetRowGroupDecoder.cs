using Apache.Arrow;
using DataPrep.IO.Parquet.Pages;
using Microsoft.Win32.SafeHandles;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Decodes one row group at a time with up to <c>parallelism</c> workers. Workers take columns
/// largest first, so a big text column starts early and the small ones fill in beside it. Splitting
/// one row group, rather than decoding several at once, gives the same parallelism with one row
/// group's memory in flight instead of <c>parallelism</c>.
/// <para>
/// A flat column chunk is decoded by <see cref="ColumnChunkDecoder"/> with positional reads on one
/// shared file handle. A chunk it leaves (lists, other encodings or codecs) goes to Parquet.Net; its
/// reader seeks its stream, so each worker opens its own, and only when it first needs one.
/// </para>
/// </summary>
internal sealed class ParquetRowGroupDecoder : IAsyncDisposable
{
    private readonly string _file;
    private readonly ParquetReader _first;
    private readonly DataField[] _fields;
    private readonly Schema _schema;
    private readonly bool _native;
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private readonly ParquetReader?[] _readers;
    private readonly ChunkScratch.Pool _scratch = new();

    /// <summary>Where the page decoder's value and offset buffers come from (<see cref="ReadRequest.Arrays"/>); null: new arrays.</summary>
    public Data.ArrayRecycler? Arrays { get; init; }

    /// <param name="native">False: every column through Parquet.Net (the reference the page decoder is tested against).</param>
    public ParquetRowGroupDecoder(string file, ParquetReader first, DataField[] fields, Schema schema, int parallelism, bool native = true)
    {
        (_file, _first, _fields, _schema, _native) = (file, first, fields, schema, native);
        _handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        _length = RandomAccess.GetLength(_handle);
        _readers = new ParquetReader?[Math.Clamp(parallelism, 1, Math.Max(fields.Length, 1))];
        _readers[0] = first;
    }

    /// <summary>
    /// The row group as batches of at most <paramref name="batchRows"/> rows, in row order. Each batch
    /// has arrays of its own (see <see cref="ColumnSlices"/>), except for the columns Parquet.Net reads
    /// and booleans, whose batches are slices of one array.
    /// </summary>
    public async Task<RecordBatch[]> DecodeAsync(int group, CancellationToken ct, int batchRows = int.MaxValue)
    {
        using var metadata = _first.OpenRowGroupReader(group);
        var (order, rows) = LargestFirst(metadata);
        var arrays = new IArrowArray[_fields.Length][];
        var next = -1;
        var workers = new Task[_readers.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            var slot = w;
            workers[w] = Task.Run(() => WorkAsync(slot), ct);
        }
        await Task.WhenAll(workers);
        var batches = new RecordBatch[ColumnSlices.Count(rows, batchRows)];
        for (var b = 0; b < batches.Length; b++)
        {
            var length = (int)Math.Min(batchRows, rows - (long)b * batchRows);
            batches[b] = new RecordBatch(_schema, arrays.Select(column => column[b]), length);
        }
        return batches;

        async Task WorkAsync(int slot)
        {
            ParquetRowGroupReader? rowGroup = null;
            try
            {
                for (var i = Interlocked.Increment(ref next); i < order.Length; i = Interlocked.Increment(ref next))
                {
                    var c = order[i];
                    var field = _fields[c];
                    var type = _schema.FieldsList[c].DataType;
                    IArrowArray[]? native = null;
                    if (_native)
                    {
                        var chunk = metadata.GetMetadata(field);
                        var scratch = _scratch.Rent(chunk?.MetaData?.TotalCompressedSize ?? 0);
                        try { native = Native(() => ColumnChunkDecoder.TryDecode(_handle, _length, chunk, field, type, rows, group, ct, scratch, batchRows, Arrays)); }
                        finally { _scratch.Return(scratch); }
                    }
                    if (native is not null)
                    {
                        arrays[c] = native;
                        continue;
                    }
                    try
                    {
                        rowGroup ??= (_readers[slot] ??= await ParquetSource.OpenAsync(_file, ct)).OpenRowGroupReader(group);
                        arrays[c] = ColumnSlices.Cut(await ParquetColumnDecoder.ReadAsync(rowGroup, field, type, ct), batchRows);
                    }
                    catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                    {
                        throw new InvalidDataException($"{_file}: row group {group}, column '{field.Name}': {e.Message}", e);
                    }
                }
            }
            finally
            {
                rowGroup?.Dispose();
            }
        }
    }

    // The page decoder names the column and row group in its errors; the file is added here.
    private IArrowArray[]? Native(Func<IArrowArray[]?> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{_file}: {e.Message}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _handle.Dispose();
        foreach (var reader in _readers)
            if (reader is not null && !ReferenceEquals(reader, _first)) await reader.DisposeAsync();
    }

    /// <summary>Column indexes by decreasing uncompressed size in this row group (footer metadata only).</summary>
    private (int[] Order, int Rows) LargestFirst(ParquetRowGroupReader rowGroup)
    {
        var sizes = _fields.Select(f => rowGroup.GetMetadata(f)?.MetaData?.TotalUncompressedSize ?? 0).ToArray();
        return (Enumerable.Range(0, _fields.Length).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray(), checked((int)rowGroup.RowCount));
    }
}
