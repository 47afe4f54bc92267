using Apache.Arrow;
using DataPrep.Execution;

namespace DataPrep;

/// <summary>What an in-memory run produced: the output batches in source order, the rows removed, the ledger and the plan.</summary>
public sealed class MemoryResult : IDisposable
{
    internal MemoryResult(Schema schema, IReadOnlyList<RecordBatch> batches, IReadOnlyList<RemovedRow> removed, RunLedger ledger, ExecutionPlan plan)
    {
        Schema = schema;
        Batches = batches;
        Removed = removed;
        Ledger = ledger;
        Plan = plan;
    }

    /// <summary>The output schema (also that of an empty result).</summary>
    public Schema Schema { get; }

    /// <summary>The output rows in source order; owned by this result.</summary>
    public IReadOnlyList<RecordBatch> Batches { get; }

    /// <summary>Quarantined and dropped rows, in source order.</summary>
    public IReadOnlyList<RemovedRow> Removed { get; }

    public RunLedger Ledger { get; }

    public ExecutionPlan Plan { get; }

    public long RowCount => Batches.Sum(b => (long)b.Length);

    public void Dispose()
    {
        foreach (var batch in Batches) batch.Dispose();
    }
}
