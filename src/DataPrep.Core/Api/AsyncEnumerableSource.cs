using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.IO;

namespace DataPrep;

/// <summary>
/// An <see cref="IBatchSource"/> over host batches: one "file" (<c>memory:NAME</c>), read by
/// slicing each batch to the requested batch size and projecting the requested columns. Every
/// chunk holds its own references, so the engine's disposing never touches the host's batches.
/// </summary>
internal sealed class AsyncEnumerableSource(Schema schema, Func<IAsyncEnumerable<RecordBatch>> batches, string name) : IBatchSource
{
    private readonly string _file = "memory:" + name;

    public IReadOnlyList<string> ResolveFiles() => [_file];

    public Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken) => Task.FromResult(schema);

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = Enumerable.Range(0, schema.FieldsList.Count)
            .Where(i => request.Columns is null || request.Columns.Contains(schema.GetFieldByIndex(i).Name)).ToArray();
        var projected = new Schema(columns.Select(schema.GetFieldByIndex), schema.Metadata);
        var row = 0L;
        await foreach (var batch in batches().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!SameColumns(batch.Schema))
                throw new InvalidDataException($"{_file}: a batch at row {row} has columns ({Describe(batch.Schema)}), not the declared ({Describe(schema)})");
            for (var offset = 0; offset < batch.Length; offset += request.BatchSize)
            {
                var length = Math.Min(request.BatchSize, batch.Length - offset);
                var arrays = columns.Select(i => Slice(batch.Column(i), offset, length));
                yield return new SourceChunk(new RecordBatch(projected, arrays, length), row, null, []);
                row += length;
            }
        }
    }

    private static IArrowArray Slice(IArrowArray array, int offset, int length) =>
        offset == 0 && length == array.Length ? ArrowShare.Retain(array) : ArrowArrayFactory.BuildArray(array.Data.Slice(offset, length).Retain());

    private bool SameColumns(Schema other) =>
        other.FieldsList.Count == schema.FieldsList.Count &&
        other.FieldsList.Zip(schema.FieldsList).All(p => p.First.Name == p.Second.Name && p.First.DataType.TypeId == p.Second.DataType.TypeId);

    private static string Describe(Schema s) => string.Join(", ", s.FieldsList.Select(f => $"{f.Name}: {f.DataType.Name}"));
}
