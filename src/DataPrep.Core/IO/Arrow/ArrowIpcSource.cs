using System.Runtime.CompilerServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataPrep.IO.Batches;
using DataPrep.IO.Files;

namespace DataPrep.IO.Arrow;

/// <summary>
/// Reads Arrow IPC data, file format (starts with the magic <c>ARROW1</c>) or stream format,
/// told apart by the first bytes whatever the extension. Batches are projected to the requested
/// columns and re-sliced to at most <see cref="ReadRequest.BatchSize"/> rows.
/// </summary>
internal sealed class ArrowIpcSource(ArrowSourceOptions options, string baseDirectory) : IBatchSource
{
    private static readonly string[] Extensions = [".arrow", ".feather", ".arrows"];

    public IReadOnlyList<string> ResolveFiles() => FileResolver.Resolve(options.Path, baseDirectory, Extensions);

    public async Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken)
    {
        using var reader = await OpenAsync(file, cancellationToken);
        return await Guard(file, () => reader.GetSchema(cancellationToken));
    }

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = await OpenAsync(file, cancellationToken);
        var schema = await Guard(file, () => reader.GetSchema(cancellationToken));
        var selected = Enumerable.Range(0, schema.FieldsList.Count)
            .Where(c => request.Columns?.Contains(schema.FieldsList[c].Name) ?? true).ToArray();
        if (request.Columns?.FirstOrDefault(c => !schema.FieldsList.Any(f => f.Name == c)) is { } missing)
            throw new InvalidDataException($"{file}: no column '{missing}'");
        var projected = new Schema(selected.Select(c => schema.FieldsList[c]), schema.Metadata);
        SchemaCheck.Require(projected, request.Expected, file);
        var batchSize = Math.Max(1, request.BatchSize);

        long row = 0;
        while (await Guard(file, () => reader.ReadNextRecordBatchAsync(cancellationToken)) is { } batch)
        {
            // The reader's buffers are owned by the batch (native memory by default); copying the
            // selected columns out lets every chunk be disposed on its own, and releases the rest.
            var slices = new List<RecordBatch>();
            using (batch)
            {
                for (var offset = 0; offset < batch.Length; offset += batchSize)
                {
                    var length = Math.Min(batchSize, batch.Length - offset);
                    slices.Add(new RecordBatch(projected, selected.Select(c => Copy(batch.Column(c), offset, length)).ToArray(), length));
                }
            }
            foreach (var slice in slices)
            {
                yield return new SourceChunk(slice, row, null, []);
                row += slice.Length;
            }
        }
    }

    private static IArrowArray Copy(IArrowArray array, int offset, int length)
    {
        var copy = new ColumnAccumulator(array.Data.DataType, length);
        copy.Append(array, offset, length);
        return copy.Build();
    }

    private static async Task<ArrowStreamReader> OpenAsync(string file, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: file not found", file);
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        try
        {
            var magic = new byte[6];
            var read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, ct);
            stream.Position = 0;
            return read == 6 && magic.AsSpan().SequenceEqual("ARROW1"u8)
                ? new ArrowFileReader(stream, leaveOpen: false)
                : new ArrowStreamReader(stream, leaveOpen: false);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private static async Task<T> Guard<T>(string file, Func<ValueTask<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{file}: not a readable Arrow IPC file or stream: {e.Message}", e);
        }
    }
}
