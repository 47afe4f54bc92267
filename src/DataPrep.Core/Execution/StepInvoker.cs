using System.Diagnostics;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Runs one step on one batch: calls it, checks what it returned, turns the rows it marked into
/// quarantine and drop records (with their values as they reached the step), removes those rows
/// and counts everything.
/// </summary>
internal static class StepInvoker
{
    /// <param name="deferRemoval">
    /// Leave the marked rows in the batch (with <see cref="DataBatch.PendingRemoval"/> set) for a
    /// parallel <see cref="Compact"/> block: a degree-1 apply block then does only the step's own work.
    /// </param>
    /// <param name="sensitive">Columns the plan protects: values of theirs that an exception of the step quotes are scrubbed (<see cref="ExceptionScrubber"/>).</param>
    /// <param name="observe">Sees the input and the step's output before marked rows leave (the report's per-step effects); its time is not the step's.</param>
    /// <param name="parallelism">Threads the step may use inside the call (<see cref="BatchContext.Parallelism"/>).</param>
    /// <param name="arrays">
    /// Where the step's new columns take their buffers, and where the input's buffers that its output no
    /// longer holds go back once it returns; only for a step that keeps nothing of its input
    /// (<see cref="IAppliesCopies"/>) in a batch no one else reads (<see cref="PassExecutor.RecyclesReplayedRows"/>).
    /// </param>
    public static void Run(IStep step, PlannedStep planned, StepCounters counters, DataBatch batch, long seed, bool deferRemoval = false,
        IReadOnlySet<string>? sensitive = null, Action<RecordBatch, RecordBatch, BatchContext>? observe = null, int parallelism = 1,
        ArrayRecycler? arrays = null)
    {
        var start = Stopwatch.GetTimestamp();
        var input = batch.Data;
        if (arrays is not null && step is not IAppliesCopies)
            throw new InvalidOperationException($"step '{planned.Id}' may keep its input; its arrays cannot be recycled");
        var context = new BatchContext(input, batch.RowIds, seed, FitRows(step, planned, input)) { Parallelism = parallelism, Arrays = arrays };
        RecordBatch output;
        try
        {
            output = step switch
            {
                ISequentialStep s when step.Kind == StepKind.Sequential => s.Apply(input, batch.Prepared, context),
                IFittedStep f when step.Kind == StepKind.Fitted => f.Apply(input, context),
                IMapStep m => m.Process(input, context),
                _ => throw new InvalidOperationException($"step kind {step.Kind} does not match the interfaces it implements"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException and not StepFailedException)
        {
            throw new StepFailedException(planned.Id, planned.Location, ExceptionScrubber.Scrub(e, input, sensitive));
        }
        batch.Prepared = null;
        var made = context.Made?.Sum() ?? 0;
        if (output.Length != input.Length + made)
            throw new StepFailedException(planned.Id, planned.Location,
                new InvalidOperationException($"returned {output.Length} rows for {input.Length} (and {made} it declared made); steps mark rows to remove instead"));
        if (observe is not null)
        {
            var observing = Stopwatch.GetTimestamp();
            observe(input, output, context);
            start += Stopwatch.GetTimestamp() - observing;
        }

        long quarantined = 0, dropped = 0;
        try
        {
            (quarantined, dropped) = Route(planned, batch, context, input, output, deferRemoval);
        }
        catch (Exception e) when (e is not OperationCanceledException and not StepFailedException)
        {
            throw new StepFailedException(planned.Id, planned.Location, ExceptionScrubber.Scrub(e, input, sensitive));
        }
        // The columns the step replaced have no reader left (it keeps nothing of its input): their
        // arrays can take the next batch's columns.
        if (arrays is not null) GiveBackReplaced(arrays, input, batch.Data);
        if (context.Counters is { } named) counters.AddNamed(named);
        counters.Add(input.Length, output.Length - quarantined - dropped, quarantined, dropped, batch.ByteSize, Stopwatch.GetElapsedTime(start).Ticks, made);
    }

    /// <summary>Which rows a fitted step downstream of a split was fitted on (see <see cref="PlannedStep.FitFilter"/>); null for all.</summary>
    internal static bool[]? FitRows(IStep step, PlannedStep planned, RecordBatch input) =>
        step.Kind == StepKind.Fitted && planned.FitFilter is { } filter ? filter.Mask(input) : null;

    /// <summary>
    /// Lays out identities and the removal mask for an output with made rows: each input row, then
    /// the rows made from it. Made rows are never marked; marks refer to input rows.
    /// </summary>
    private static (RowId[] Ids, bool[]? Removed) Expand(PlannedStep planned, RowId[] ids, int[] made, bool[]? removed, int outputLength)
    {
        var salt = System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(planned.Id));
        var outIds = new RowId[outputLength];
        var outRemoved = removed is null ? null : new bool[outputLength];
        var o = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (outRemoved is not null) outRemoved[o] = removed![i];
            outIds[o++] = ids[i];
            for (var k = 0; k < made[i]; k++) outIds[o++] = ids[i].Made(salt, k);
        }
        return (outIds, outRemoved);
    }

    /// <summary>Records the rows the step marked, swaps in its output, and removes them unless deferred.</summary>
    private static (long Quarantined, long Dropped) Route(PlannedStep planned, DataBatch batch, BatchContext context, RecordBatch input, RecordBatch output, bool deferRemoval)
    {
        long quarantined = 0, dropped = 0;
        var ids = batch.RowIds;
        var removedOut = context.Removed;
        if (context.Made is { } made) (ids, removedOut) = Expand(planned, batch.RowIds, made, context.Removed, output.Length);
        if (context.Removed is { } removed)
        {
            foreach (var d in context.Dispositions.OrderBy(d => d.Row))
            {
                // Quarantined rows keep their values for whoever repairs them; drops were meant, and
                // name their reason (and survivor), not their values.
                var values = d.Fate == RowFate.Quarantined ? ArrowValues.RowJson(input, d.Row) : null;
                batch.Records.Add(new RowRecord(planned.Id, d.Fate, d.Code, d.Message, batch.RowIds[d.Row], null, values, d.Survivor));
                if (d.Fate == RowFate.Quarantined) quarantined++; else dropped++;
            }
            batch.Replace(output, ids);
            batch.PendingRemoval = removedOut;
            if (!deferRemoval) Compact(batch, planned);
        }
        else
        {
            batch.Replace(output, ids);
        }
        return (quarantined, dropped);
    }

    /// <summary>Removes the rows a step marked (one copy of the kept rows), if any are pending.</summary>
    /// <param name="recycler">Where the copy's value and offset arrays come from; null: new arrays.</param>
    public static void Compact(DataBatch batch, PlannedStep planned, ArrayRecycler? recycler = null)
    {
        if (batch.PendingRemoval is not { } removed) return;
        try
        {
            var kept = ArrowTake.Kept(removed);
            var ids = new RowId[kept.Length];
            for (var i = 0; i < kept.Length; i++) ids[i] = batch.RowIds[kept[i]];
            batch.Replace(ArrowTake.Take(batch.Data, kept, recycler), ids);
            batch.PendingRemoval = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StepFailedException(planned.Id, planned.Location, e);
        }
    }

    /// <summary>Gives back the arrays under <paramref name="input"/>'s buffers that <paramref name="output"/> does not hold.</summary>
    private static void GiveBackReplaced(ArrayRecycler arrays, RecordBatch input, RecordBatch output)
    {
        var kept = ArrayRecycler.ArraysUnder(output).ToHashSet(ReferenceEqualityComparer.Instance);
        arrays.Return(ArrayRecycler.ArraysUnder(input).Where(array => !kept.Contains(array)));
    }

    /// <summary>The parallel half of a sequential step.</summary>
    public static void Prepare(ISequentialStep step, PlannedStep planned, DataBatch batch, IReadOnlySet<string>? sensitive = null)
    {
        try { batch.Prepared = step.Prepare(batch.Data); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new StepFailedException(planned.Id, planned.Location, ExceptionScrubber.Scrub(e, batch.Data, sensitive));
        }
    }
}
