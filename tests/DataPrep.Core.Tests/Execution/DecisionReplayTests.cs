using DataPrep.Execution;
using DataPrep.Tests.Fitting;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class DecisionReplayTests
{
    private const string Steps = "- dedupe: { exclude: [id] }\n- { id: c1, center: { column: score } }\n- { id: c2, center: { column: score } }";

    [Fact]
    public async Task Plan_DedupeBeforeTwoFittedSteps_RecordsInFirstPassAndReplaysInSecond()
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, Steps), CenterStep.Registry())
            .CompileAsync(new RunOptions { Source = Source(10) });

        plan.Passes.Select(p => string.Join(",", p.Blocks.Select(b => b.Role))).Should().Equal(
            "Source,Prepare,Apply,Compact,Accumulate,Merge",
            "Source,Replay,Map,Accumulate,Merge",
            "Source,Prepare,Apply,Compact,Map,Sink");
        plan.Passes[0].Blocks.Single(b => b.Role == BlockRole.Apply).RecordsDecisions.Should().BeTrue();
        plan.Passes[1].Reason.Should().Contain("'dedupe' replays the rows it removed in pass 1");
        PlanRenderer.Text(plan).Should().Contain("dedupe (replay)");
    }

    [Fact]
    public async Task Run_ReplayedDecisions_FitTheSecondStepOnTheDedupedRows()
    {
        using var dir = new TempDirectory();
        var pipeline = EngineHarness.WritePipeline(dir, Steps);

        var serial = await Pipeline.Load(pipeline, CenterStep.Registry()).RunAsync(new RunOptions { Source = Source(700), Parallelism = 1, BatchSize = 50 });
        var parallel = await Pipeline.Load(pipeline, CenterStep.Registry()).RunAsync(new RunOptions { Source = Source(700), Parallelism = 4, BatchSize = 64 });

        var c2 = (double)serial.Fit!.Steps.Single(s => s.Id == "c2").Fit["mean"]!;
        c2.Should().BeApproximately(0, 1e-9, "c2 sees c1's centered scores of the deduped rows; without the dedupe replay their mean is not 0");
        MeanOfCenteredWithoutDedupe(700).Should().NotBeInRange(-1e-3, 1e-3, "the check above can fail");
        serial.Manifest.Files.Select(f => f.Sha256).Should().Equal(parallel.Manifest.Files.Select(f => f.Sha256));
        serial.Ledger.Steps[0].Dropped.Should().Be(100, "every 7th row repeats one");
    }

    private static double MeanOfCenteredWithoutDedupe(int rows)
    {
        var all = Enumerable.Range(0, rows).Select(i => PeopleData.Row(i).Score).Where(s => s is { } v && !double.IsNaN(v)).Select(s => s!.Value).ToList();
        var distinct = Enumerable.Range(0, rows).Select(PeopleData.Row).Select(r => (r.Name, r.Age, r.Score, r.City)).Distinct()
            .Where(r => r.Score is { } v && !double.IsNaN(v)).Average(r => r.Score!.Value);
        return all.Average() - distinct;
    }

    private static MemorySource Source(int rows) => new(PeopleData.Schema, () => PeopleData.Batches(rows, 64));
}
