using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Lays out passes (DESIGN.md §4): one fit pass per fitted step, replaying the source through the
/// steps before it (already fitted, deterministic, so the replay is exact), then the final pass.
/// Consecutive map steps share one block; a sequential step is a parallel prepare block, a
/// degree-1 apply block that only marks rows, and a parallel compact block that removes them.
/// A step whose fit was loaded from a fit artifact needs no fit pass. A sequential step that only
/// removes rows (exact dedupe) runs in the first fit pass that needs it, which records the rows it
/// removed (one bit a row, and each removal's record); later passes, the final one included, replay
/// that record in parallel instead of hashing again. A fitted step right after one that only fills
/// missing values (impute with a mean, median, mode or constant) fits in that step's pass when its
/// statistics allow it (<see cref="IFitsThroughFill"/>): impute then normalize reads the source once to fit.
/// A sequential step right before a fit pass's accumulators has no compact block either: the
/// accumulate block copies the kept rows for them into arrays it reuses.
/// A sequential step right before a sink that takes rows (Parquet or Arrow, one unpartitioned file,
/// not the incremental layout) has no compact block: the sink writes the rows it kept.
/// </summary>
internal static class PassPlanner
{
    /// <param name="sinkTakesRows">
    /// The sink's writer copies rows into its own buffers and can skip rows while it does
    /// (<see cref="IO.IRowTakingWriter"/>): a compact block right before the sink is then left out, and
    /// the sink block (which names that step) writes only the rows the step kept. One copy of the
    /// kept rows fewer.
    /// </param>
    public static IReadOnlyList<PlanPass> Plan(IReadOnlyList<PlannedStep> steps, int parallelism, int capacity, bool sinkTakesRows = false)
    {
        var passes = new List<PlanPass>();
        var fits = Enumerable.Range(0, steps.Count).Where(i => steps[i].Kind == StepKind.Fitted && !steps[i].FitLoaded).ToList();
        // Sequential steps that only remove rows, recorded in an earlier fit pass: step index → that pass.
        var recorded = new Dictionary<int, int>();
        for (var f = 0; f < fits.Count; f++)
        {
            var i = fits[f];
            int? also = f + 1 < fits.Count && fits[f + 1] == i + 1 && FitsThroughFill(steps[i], steps[i + 1]) ? i + 1 : null;
            if (also is not null) f++;
            // Every later pass (the final one at least) runs the same prefix again.
            var replayed = recorded.Where(r => r.Key < i).Select(r => $"'{steps[r.Key].Id}' replays the rows it removed in pass {r.Value}").ToList();
            var blocks = Blocks(steps, i, parallelism, capacity, (recorded, passes.Count + 1), recorded);
            int[] fitted = also is { } j ? [i, j] : [i];
            var names = string.Join(" + ", fitted.Select(k => steps[k].Id));
            // The accumulators are the kept rows' only readers: they take them, in a copy they reuse.
            if (LeaveCompactToNext(blocks) is { } taken)
                blocks.Add(new PlanBlock($"accumulate {names} (takes the rows '{steps[taken].Id}' kept)", BlockRole.Accumulate, fitted, parallelism, capacity, TakesRowsOf: taken));
            else blocks.Add(new PlanBlock($"accumulate {names}", BlockRole.Accumulate, fitted, parallelism, capacity));
            blocks.Add(new PlanBlock($"merge {names}", BlockRole.Merge, fitted, 1, capacity));
            var reason = i == 0
                ? $"'{steps[i].Id}' needs statistics over its whole input"
                : $"'{steps[i].Id}' needs statistics over its input; the source is replayed through the {i} step(s) before it";
            if (replayed.Count > 0) reason += $" ({string.Join("; ", replayed)}, instead of running it again)";
            if (steps[i].FitFilter is { } filter) reason += $"; it fits on {filter} only";
            if (also is { } next)
                reason += $"; '{steps[next].Id}' fits in the same pass, on '{steps[i].Id}''s input, its statistics completed with the values " +
                    $"'{steps[i].Id}' fills (exact, so the same as a pass of its own, one read of the source fewer)";
            passes.Add(new PlanPass(passes.Count + 1, i, reason, blocks) { AlsoFits = also });
        }
        var final = Blocks(steps, steps.Count, parallelism, capacity, null, recorded);
        // The writer copies every row it buffers anyway: it skips the removed rows in that copy.
        if (sinkTakesRows && LeaveCompactToNext(final) is { } kept)
            final.Add(new PlanBlock($"sink (takes the rows '{steps[kept].Id}' kept)", BlockRole.Sink, [kept], 1, capacity, TakesRowsOf: kept));
        else final.Add(new PlanBlock("sink", BlockRole.Sink, [], 1, capacity));
        var finalReason = "applies every step and writes the output";
        if (recorded.Count > 0)
            finalReason += $" ({string.Join("; ", recorded.Select(r => $"'{steps[r.Key].Id}' replays the rows it removed in pass {r.Value}, with the drop records it wrote then"))})";
        passes.Add(new PlanPass(passes.Count + 1, null, finalReason, final));
        return passes;
    }

    /// <summary>
    /// Drops the compact block that ends <paramref name="blocks"/>, if one does, for the block added
    /// next to take the kept rows itself; the step it compacted, or null.
    /// </summary>
    private static int? LeaveCompactToNext(List<PlanBlock> blocks)
    {
        if (blocks[^1] is not { Role: BlockRole.Compact } compact) return null;
        blocks.RemoveAt(blocks.Count - 1);
        return compact.Steps[0];
    }

    /// <summary>
    /// Whether <paramref name="next"/> can fit in <paramref name="filling"/>'s pass: the first only fills
    /// missing values in place, the second can take its statistics through that fill, and both fit on
    /// the same rows.
    /// </summary>
    private static bool FitsThroughFill(PlannedStep filling, PlannedStep next) =>
        filling.Step is IFillsMissing { Fills: { } fills }
        && next.Step is IFitsThroughFill through
        && next.Kind == StepKind.Fitted && !next.FitLoaded
        && Equals(filling.FitFilter, next.FitFilter)
        && through.CanFitThroughFill(fills, filling.Input.FieldsList.Count);

    /// <param name="record">When set, sequential steps that only remove rows record their decisions in this pass (number given) for later passes.</param>
    /// <param name="replay">Sequential steps whose recorded decisions this pass replays.</param>
    private static List<PlanBlock> Blocks(IReadOnlyList<PlannedStep> steps, int end, int parallelism, int capacity,
        (Dictionary<int, int> Into, int Pass)? record, IReadOnlyDictionary<int, int> replay)
    {
        var blocks = new List<PlanBlock> { new("source", BlockRole.Source, [], 1, capacity) };
        var run = new List<int>();
        void Flush()
        {
            if (run.Count == 0) return;
            blocks.Add(new PlanBlock(string.Join(" + ", run.Select(i => steps[i].Id)), BlockRole.Map, [.. run], parallelism, capacity));
            run.Clear();
        }
        for (var i = 0; i < end; i++)
        {
            if (steps[i].Kind != StepKind.Sequential) { run.Add(i); continue; }
            Flush();
            if (replay.ContainsKey(i))
            {
                blocks.Add(new PlanBlock($"{steps[i].Id} (replay)", BlockRole.Replay, [i], parallelism, capacity));
                continue;
            }
            var records = record is { } r && steps[i].Step is ISequentialStep { OnlyRemovesRows: true } && r.Into.TryAdd(i, r.Pass);
            blocks.Add(new PlanBlock($"{steps[i].Id} (prepare)", BlockRole.Prepare, [i], parallelism, capacity));
            blocks.Add(new PlanBlock($"{steps[i].Id} (apply{(records ? ", recorded" : "")})", BlockRole.Apply, [i], 1, capacity, records));
            blocks.Add(new PlanBlock($"{steps[i].Id} (compact)", BlockRole.Compact, [i], parallelism, capacity));
        }
        Flush();
        return blocks;
    }
}
