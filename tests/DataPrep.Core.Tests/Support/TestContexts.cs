using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps;

namespace DataPrep.Tests.Support;

/// <summary>Batch contexts for calling steps directly: row ids are (0, row index).</summary>
internal static class TestContexts
{
    public static BatchContext For(RecordBatch batch, long seed = 1) =>
        new(batch, Enumerable.Range(0, batch.Length).Select(i => new RowId(0, i)).ToArray(), seed);
}

/// <summary>Reads what a step marked.</summary>
internal static class BatchContextExtensions
{
    public static IReadOnlyList<RowDisposition> Dispositions(this BatchContext context) => context.Dispositions;
}
