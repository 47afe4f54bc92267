using System.Collections.Concurrent;
using Apache.Arrow;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// Lets parallel blocks profile batches without a lock on the hot path: each call borrows an
/// accumulator (at most one per concurrent caller exists), adds the batch, and returns it. The
/// accumulators are merged once, when the pass is over.
/// </summary>
internal sealed class TableProfilerPool(Schema schema, IReadOnlySet<string> sensitive, bool correlations = false)
{
    private readonly ConcurrentBag<TableProfiler> _idle = [];
    private readonly ConcurrentQueue<TableProfiler> _all = [];

    public void Accumulate(RecordBatch batch)
    {
        if (!_idle.TryTake(out var profiler))
        {
            profiler = new TableProfiler(schema, sensitive, correlations);
            _all.Enqueue(profiler);
        }
        try { profiler.Accumulate(batch); }
        finally { _idle.Add(profiler); }
    }

    public TableProfile Finish()
    {
        var merged = new TableProfiler(schema, sensitive, correlations);
        foreach (var p in _all) merged.Merge(p);
        return merged.Finish();
    }
}
