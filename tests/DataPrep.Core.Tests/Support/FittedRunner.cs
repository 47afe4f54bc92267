using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps;

namespace DataPrep.Tests.Support;

/// <summary>Runs a fitted step directly, as the engine does: bind, accumulate per batch, merge in order, fit, apply per batch.</summary>
internal static class FittedRunner
{
    /// <returns>Each batch's context after apply (row ids continue across batches) and the apply outputs.</returns>
    public static List<(BatchContext Context, RecordBatch Output)> Run(IFittedStep step, IReadOnlyList<RecordBatch> batches, int parallelism = 1)
    {
        var bind = new BindContext();
        step.Bind(batches[0].Schema, bind);
        bind.Errors.Should().BeEmpty();
        var merged = step.CreateStatistics();
        foreach (var (batch, ids) in WithIds(batches))
        {
            var s = step.CreateStatistics();
            step.Accumulate(s, batch, new BatchContext(batch, ids, 1));
            merged.Merge(s);
        }
        step.Fit(merged, parallelism);
        return WithIds(batches).Select(x =>
        {
            var context = new BatchContext(x.Batch, x.Ids, 1);
            return (context, step.Apply(x.Batch, context));
        }).ToList();
    }

    private static IEnumerable<(RecordBatch Batch, RowId[] Ids)> WithIds(IReadOnlyList<RecordBatch> batches)
    {
        var row = 0L;
        foreach (var b in batches)
        {
            yield return (b, Enumerable.Range(0, b.Length).Select(i => new RowId(0, row + i)).ToArray());
            row += b.Length;
        }
    }
}
