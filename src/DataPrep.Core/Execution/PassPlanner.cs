using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Lays out passes (DESIGN.md §4): one fit pass per fitted step, replaying the source through the
/// steps before it (already fitted, deterministic, so the replay is exact), then the final pass.
/// Consecutive map steps share one block; a sequential step is a parallel prepare block, a
/// degree-1 apply block that only marks rows, and a parallel compact block that removes them.
/// </summary>
internal static class PassPlanner
{
    public static IReadOnlyList<PlanPass> Plan(IReadOnlyList<PlannedStep> steps, int parallelism, int capacity)
    {
        var passes = new List<PlanPass>();
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind != StepKind.Fitted) continue;
            var blocks = Blocks(steps, i, parallelism, capacity);
            blocks.Add(new PlanBlock($"accumulate {steps[i].Id}", BlockRole.Accumulate, [i], parallelism, capacity));
            blocks.Add(new PlanBlock($"merge {steps[i].Id}", BlockRole.Merge, [i], 1, capacity));
            var reason = i == 0
                ? $"'{steps[i].Id}' needs statistics over its whole input"
                : $"'{steps[i].Id}' needs statistics over its input; the source is replayed through the {i} step(s) before it";
            if (steps[i].FitFilter is { } filter) reason += $"; it fits on {filter} only";
            passes.Add(new PlanPass(passes.Count + 1, i, reason, blocks));
        }
        var final = Blocks(steps, steps.Count, parallelism, capacity);
        final.Add(new PlanBlock("sink", BlockRole.Sink, [], 1, capacity));
        passes.Add(new PlanPass(passes.Count + 1, null, "applies every step and writes the output", final));
        return passes;
    }

    private static List<PlanBlock> Blocks(IReadOnlyList<PlannedStep> steps, int end, int parallelism, int capacity)
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
            blocks.Add(new PlanBlock($"{steps[i].Id} (prepare)", BlockRole.Prepare, [i], parallelism, capacity));
            blocks.Add(new PlanBlock($"{steps[i].Id} (apply)", BlockRole.Apply, [i], 1, capacity));
            blocks.Add(new PlanBlock($"{steps[i].Id} (compact)", BlockRole.Compact, [i], parallelism, capacity));
        }
        Flush();
        return blocks;
    }
}
