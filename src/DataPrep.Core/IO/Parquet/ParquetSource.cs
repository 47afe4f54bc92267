using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.IO.Files;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Reads Parquet files row group by row group. Up to <see cref="ReadRequest.Parallelism"/> row
/// groups are decoded at once, each on its own file handle, and emitted strictly in file order;
/// a row group is sliced into batches of at most <see cref="ReadRequest.BatchSize"/> rows.
/// </summary>
internal sealed class ParquetSource(ParquetSourceOptions options, string baseDirectory) : IBatchSource
{
    private static readonly string[] Extensions = [".parquet"];

    public IReadOnlyList<string> ResolveFiles() => FileResolver.Resolve(options.Path, baseDirectory, Extensions);

    public async Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(file, cancellationToken);
        return ParquetTypeMap.Plan(reader.Schema, null, file).Schema;
    }

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parallelism = Math.Max(1, request.Parallelism);
        var batchSize = Math.Max(1, request.BatchSize);
        // Slot i % parallelism decodes row group i: the slot is free again exactly when group
        // i - parallelism has been taken off the queue, so each reader has one user at a time.
        var readers = new ParquetReader?[parallelism];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<Task<RecordBatch>>();
        try
        {
            readers[0] = await OpenAsync(file, cancellationToken);
            var (fields, schema) = ParquetTypeMap.Plan(readers[0]!.Schema, request.Columns, file);
            var groups = readers[0]!.RowGroupCount;
            var next = 0;
            long row = 0;
            while (next < groups && inFlight.Count < parallelism) inFlight.Enqueue(DecodeAsync(next++));
            while (inFlight.Count > 0)
            {
                var batch = await inFlight.Dequeue();
                if (next < groups) inFlight.Enqueue(DecodeAsync(next++));
                for (var offset = 0; offset < batch.Length; offset += batchSize)
                {
                    var length = Math.Min(batchSize, batch.Length - offset);
                    var slice = offset == 0 && length == batch.Length ? batch : batch.Slice(offset, length);
                    yield return new SourceChunk(slice, row + offset, null, []);
                }
                row += batch.Length;
            }

            Task<RecordBatch> DecodeAsync(int group) =>
                Task.Run(() => DecodeGroupAsync(file, readers, group % parallelism, group, fields, schema, stop.Token), stop.Token);
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var task in inFlight)
            {
                try { await task.ConfigureAwait(false); }
                catch (Exception) { /* abandoned by the consumer; the first error was already thrown */ }
            }
            foreach (var reader in readers)
                if (reader is not null) await reader.DisposeAsync();
        }
    }

    private static async Task<RecordBatch> DecodeGroupAsync(string file, ParquetReader?[] readers, int slot, int group,
        DataField[] fields, Schema schema, CancellationToken ct)
    {
        var reader = readers[slot] ??= await OpenAsync(file, ct);
        using var rowGroup = reader.OpenRowGroupReader(group);
        var arrays = new IArrowArray[fields.Length];
        for (var c = 0; c < fields.Length; c++)
        {
            try
            {
                arrays[c] = await ParquetColumnDecoder.ReadAsync(rowGroup, fields[c], schema.FieldsList[c].DataType, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidDataException($"{file}: row group {group}, column '{fields[c].Name}': {e.Message}", e);
            }
        }
        return new RecordBatch(schema, arrays, checked((int)rowGroup.RowCount));
    }

    private static async Task<ParquetReader> OpenAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: file not found", file);
        try
        {
            return await ParquetReader.CreateAsync(file, ParquetTypeMap.ReaderOptions(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidDataException($"{file}: not a readable Parquet file: {e.Message}", e);
        }
    }
}
