using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.IO;

namespace DataPrep.Tests.Support;

/// <summary>An in-memory source: "files" named mem/0, mem/1, ... each a list of batches made on demand.</summary>
internal sealed class MemorySource(Schema schema, params Func<IEnumerable<RecordBatch>>[] files) : IBatchSource
{
    public int Reads { get; private set; }

    /// <summary>Row counts to give as each file's footer would (<see cref="IBatchSource.CountRowsAsync"/>); null: unknown, as the default.</summary>
    public long[]? RowCounts { get; init; }

    /// <summary>How often the engine asked for a row count.</summary>
    public int CountCalls { get; private set; }

    public ValueTask<long?> CountRowsAsync(string file, CancellationToken cancellationToken)
    {
        CountCalls++;
        return ValueTask.FromResult(RowCounts?[int.Parse(file[5..], System.Globalization.CultureInfo.InvariantCulture)]);
    }

    public IReadOnlyList<string> ResolveFiles() => files.Select((_, i) => $"/mem/{i}").ToList();

    public Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken) => Task.FromResult(schema);

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Reads++;
        var row = 0L;
        using var batches = files[int.Parse(file[5..], System.Globalization.CultureInfo.InvariantCulture)]().GetEnumerator();
        while (true)
        {
            // Checked before the next batch is made, so a cancelled read makes none it cannot hand on.
            cancellationToken.ThrowIfCancellationRequested();
            if (!batches.MoveNext()) break;
            var batch = batches.Current;
            await Task.Yield();
            if (request.Columns is not null)
            {
                // A reader that projects never materialises the other columns; release them like one.
                for (var i = 0; i < schema.FieldsList.Count; i++)
                    if (!request.Columns.Contains(schema.GetFieldByIndex(i).Name)) batch.Column(i).Dispose();
            }
            var projected = request.Columns is null
                ? batch
                : new RecordBatch(new Schema(schema.FieldsList.Where(f => request.Columns.Contains(f.Name)), null),
                    schema.FieldsList.Select((f, i) => (f, i)).Where(x => request.Columns.Contains(x.f.Name)).Select(x => batch.Column(x.i)), batch.Length);
            yield return new SourceChunk(projected, row, null, []);
            row += batch.Length;
        }
    }
}
