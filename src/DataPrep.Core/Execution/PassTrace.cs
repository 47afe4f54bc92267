using System.Threading.Tasks.Dataflow;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// The steps of one pass as <see cref="PassExecutor"/> sees them: a <see cref="StepTrace"/> hooked
/// to each step's counters, closed when the last block of that step completes (a sequential
/// step has up to three: prepare, apply, and compact unless the sink or the accumulators take its rows). A fit pass also traces the fitted step's
/// accumulation, from the first batch that reaches it until its statistics are merged.
/// </summary>
internal sealed class PassTrace
{
    private readonly Dictionary<int, StepTrace> _steps = [];
    private readonly Dictionary<PlanBlock, int[]> _lastBlockOf = [];

    public PassTrace(RunTrace run, ExecutionPlan plan, PlanPass pass, RunLedger ledger, bool spans, bool metrics)
    {
        var last = new Dictionary<int, PlanBlock>();
        foreach (var block in pass.Blocks)
        {
            if (block.Role is BlockRole.Source or BlockRole.Sink or BlockRole.Accumulate or BlockRole.Merge) continue;
            foreach (var i in block.Steps) last[i] = block;
        }
        foreach (var (i, block) in last)
        {
            var trace = new StepTrace(run, plan.Steps[i], pass, ledger.Steps[i], spans, metrics);
            _steps[i] = trace;
            ledger.Steps[i].Trace = trace;
        }
        foreach (var group in last.GroupBy(p => p.Value)) _lastBlockOf[group.Key] = group.Select(p => p.Key).ToArray();
        if (spans && pass.FitsStep is { } fits) Fit = new StepTrace(run, plan.Steps[fits], pass, null, spans, metrics: false);
    }

    /// <summary>The fitted step's accumulation span in a fit pass (traced through a tap before the accumulators); null otherwise.</summary>
    public StepTrace? Fit { get; }

    /// <summary>Closes the spans of the steps whose last block <paramref name="built"/> is, as soon as it completes.</summary>
    public void Watch(PlanBlock block, IDataflowBlock built)
    {
        if (!_lastBlockOf.TryGetValue(block, out var steps)) return;
        built.Completion.ContinueWith(t =>
        {
            foreach (var i in steps) _steps[i].End(t.Exception?.InnerException);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A sequential step's prepare half took <paramref name="ticks"/>: its span starts then, not at its apply half.</summary>
    public void Prepared(int step, long ticks)
    {
        if (_steps.TryGetValue(step, out var trace)) trace.Begin(ticks);
    }

    /// <summary>A batch on its way into the fitted step's accumulators.</summary>
    public void Accumulating(DataBatch batch) =>
        // Rows a step before removed may still be in the batch: the accumulate block takes the rest.
        Fit?.FitBatch(batch.Data.Length - (batch.PendingRemoval is { } removed ? removed.Count(r => r) : 0));

    /// <summary>The pass is over: closes every span still open (the error marks them when the pass failed).</summary>
    public void Finish(Exception? error)
    {
        foreach (var trace in _steps.Values) trace.End(error);
        Fit?.End(error);
    }
}
