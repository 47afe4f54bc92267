using System.Threading.Tasks.Dataflow;
using DataPrep.Data;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>A fit pass (see <see cref="RunAsync"/>), for <see cref="PipelineRunner"/> and <see cref="MemoryRunner"/>.</summary>
internal static class FitPass
{
    /// <summary>
    /// Runs a fit pass: every batch feeds the accumulators of the step the pass fits (and of the step
    /// it fits along, <see cref="PlanPass.AlsoFits"/>, on the same input); they merge in source order
    /// and the steps fit. A step fitted along takes the values the first step fills before it fits.
    /// </summary>
    public static async Task RunAsync(ExecutionPlan plan, PassExecutor executor, PlanPass pass, CancellationToken cancellationToken)
    {
        var fitted = pass.Fitted.ToArray();
        var steps = Array.ConvertAll(fitted, i => (IFittedStep)executor.StepAt(i));
        var planned = Array.ConvertAll(fitted, i => plan.Steps[i]);
        var merged = Array.ConvertAll(steps, s => s.CreateStatistics());
        // The step whose compact block this pass left to the accumulators (PassPlanner), if any.
        var takes = pass.Blocks.Single(b => b.Role == BlockRole.Accumulate).TakesRowsOf is { } t ? plan.Steps[t] : null;
        // The copy of the kept rows is the accumulators' alone: when none of them keeps a slice of it,
        // its arrays take the next batch's rows (a few batches' worth kept: one a worker, and one more),
        // or the reader's next batches' when the pass recycles those (PassExecutor.RecyclesSourceArrays).
        var copies = takes is not null && planned.All(p => p.Step is IAccumulatesCopies)
            ? new ArrayRecycler(kept: 3 * planned[0].Input.FieldsList.Count * (plan.Parallelism + 1))
            : null;
        await executor.RunAsync((tail, options) =>
        {
            var accumulate = new TransformBlock<DataBatch, IStatistics[]>(executor.Guard<DataBatch, IStatistics[]>(batch =>
            {
                using (batch)
                {
                    // Set before the source starts, when the pass recycles the reader's arrays.
                    var source = executor.Producer.Arrays;
                    var recycler = source ?? copies;
                    var statistics = Array.ConvertAll(steps, s => s.CreateStatistics());
                    // Rows the step before removed are still in the batch when this block takes them; after
                    // a split the steps see their training rows only; steps fitted together fit on the same
                    // rows (PassPlanner checks that their filters agree).
                    var removed = takes is null ? null : batch.PendingRemoval;
                    var inFit = planned[0].FitFilter?.Mask(batch.Data);
                    var (data, ids) = removed is null && inFit is null ? (batch.Data, batch.RowIds) : Fitted(batch, removed, inFit, recycler, takes);
                    try
                    {
                        var context = new BatchContext(data, ids, plan.Definition.Seed);
                        for (var k = 0; k < steps.Length; k++)
                        {
                            try { steps[k].Accumulate(statistics[k], data, context); }
                            catch (Exception e) when (e is not OperationCanceledException) { throw new StepFailedException(planned[k].Id, planned[k].Location, e); }
                        }
                    }
                    finally
                    {
                        // The accumulators were the batch's last readers. What a recycler lent comes back
                        // in one call (ArrayRecycler.Return): with the reader's recycler (then also the
                        // copy's), the copy's arrays and the batch's together.
                        var copy = ReferenceEquals(data, batch.Data) ? null : data;
                        IEnumerable<byte[]> copied = copy is null ? [] : ArrayRecycler.ArraysUnder(copy);
                        if (source is not null) source.Return(copied.Concat(ArrayRecycler.ArraysUnder(batch.Data)));
                        else if (recycler is not null) recycler.Return(copied);
                        else copy?.Dispose();
                    }
                    return statistics;
                }
            }), executor.Options(plan.Parallelism, options.CancellationToken));
            // Merged in source order at degree 1, so the fit is the same at any parallelism.
            var merge = new ActionBlock<IStatistics[]>(statistics =>
            {
                for (var k = 0; k < merged.Length; k++) merged[k].Merge(statistics[k]);
            }, options);
            tail.LinkTo(accumulate, new DataflowLinkOptions { PropagateCompletion = true });
            accumulate.LinkTo(merge, new DataflowLinkOptions { PropagateCompletion = true });
            return merge.Completion;
        }, cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < steps.Length; k++)
        {
            try
            {
                // A step fitted along saw the first step's input: it takes the values that step fills.
                if (k > 0 && planned[0].Step is IFillsMissing { Fills: { } fills } filling && planned[k].Step is IFitsThroughFill through)
                    foreach (var (column, _) in fills.Where(f => f.Value))
                        through.AddFilled(merged[k], column, filling.FillValue(column));
                steps[k].Fit(merged[k], plan.Parallelism);
            }
            catch (Exception e) { throw new StepFailedException(planned[k].Id, planned[k].Location, e); }
        }
    }

    /// <summary>
    /// The rows of <paramref name="batch"/> a fitted step fits on, and their ids: those the step before
    /// did not remove (<paramref name="removed"/>), and after a split those of the training part
    /// (<paramref name="inFit"/>); copied into arrays from <paramref name="recycler"/> when given.
    /// </summary>
    /// <param name="takes">The step whose removals are taken out here, named by an error in the copy (as its compact block would).</param>
    private static (Apache.Arrow.RecordBatch Data, RowId[] Ids) Fitted(DataBatch batch, bool[]? removed, bool[]? inFit, ArrayRecycler? recycler, PlannedStep? takes)
    {
        var n = batch.Data.Length;
        var skip = new bool[n];
        for (var i = 0; i < n; i++) skip[i] = (removed?[i] ?? false) || !(inFit?[i] ?? true);
        var kept = ArrowTake.Kept(skip);
        try
        {
            return (ArrowTake.Take(batch.Data, kept, recycler), Array.ConvertAll(kept, k => batch.RowIds[k]));
        }
        catch (Exception e) when (takes is not null && e is not OperationCanceledException)
        {
            throw new StepFailedException(takes.Id, takes.Location, e);
        }
    }
}
