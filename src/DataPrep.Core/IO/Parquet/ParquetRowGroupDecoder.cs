using Apache.Arrow;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Decodes one row group at a time with up to <c>parallelism</c> workers, each on its own file
/// handle (a Parquet.Net reader seeks its stream, so one reader serves one column at a time).
/// Workers take columns largest first, so a big text column starts early and the small ones fill in
/// beside it. Splitting one row group, rather than decoding several at once, gives the same
/// parallelism with one row group's memory in flight instead of <c>parallelism</c>.
/// </summary>
internal sealed class ParquetRowGroupDecoder(string file, ParquetReader first, DataField[] fields, Schema schema, int parallelism) : IAsyncDisposable
{
    private readonly ParquetReader?[] _readers = CreateReaders(first, Math.Clamp(parallelism, 1, Math.Max(fields.Length, 1)));

    public async Task<RecordBatch> DecodeAsync(int group, CancellationToken ct)
    {
        var (order, rows) = LargestFirst(group);
        var arrays = new IArrowArray[fields.Length];
        var next = -1;
        var workers = new Task[_readers.Length];
        for (var w = 0; w < workers.Length; w++)
        {
            var slot = w;
            workers[w] = Task.Run(() => WorkAsync(slot), ct);
        }
        await Task.WhenAll(workers);
        return new RecordBatch(schema, arrays, rows);

        async Task WorkAsync(int slot)
        {
            var reader = _readers[slot] ??= await ParquetSource.OpenAsync(file, ct);
            using var rowGroup = reader.OpenRowGroupReader(group);
            for (var i = Interlocked.Increment(ref next); i < order.Length; i = Interlocked.Increment(ref next))
            {
                var c = order[i];
                try
                {
                    arrays[c] = await ParquetColumnDecoder.ReadAsync(rowGroup, fields[c], schema.FieldsList[c].DataType, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    throw new InvalidDataException($"{file}: row group {group}, column '{fields[c].Name}': {e.Message}", e);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in _readers)
            if (reader is not null && !ReferenceEquals(reader, first)) await reader.DisposeAsync();
    }

    private static ParquetReader?[] CreateReaders(ParquetReader first, int count)
    {
        var readers = new ParquetReader?[count];
        readers[0] = first;
        return readers;
    }

    /// <summary>Column indexes by decreasing uncompressed size in this row group (footer metadata only).</summary>
    private (int[] Order, int Rows) LargestFirst(int group)
    {
        using var rowGroup = first.OpenRowGroupReader(group);
        var sizes = fields.Select(f => rowGroup.GetMetadata(f)?.MetaData?.TotalUncompressedSize ?? 0).ToArray();
        return (Enumerable.Range(0, fields.Length).OrderByDescending(c => sizes[c]).ThenBy(c => c).ToArray(), checked((int)rowGroup.RowCount));
    }
}
