using DataPrep.Execution;
using DataPrep.Data;
using DataPrep.Tests.Fitting;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class DecisionReplayTests
{
    private const string Steps = "- dedupe: { exclude: [id] }\n- { id: c1, center: { column: score } }\n- { id: c2, center: { column: score } }";

    [Fact]
    public async Task Plan_DedupeBeforeTwoFittedSteps_RecordsInFirstPassAndReplaysInTheOthers()
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, Steps), CenterStep.Registry())
            .CompileAsync(new RunOptions { Source = Source(10) });

        plan.Passes.Select(p => string.Join(",", p.Blocks.Select(b => b.Role))).Should().Equal(
            "Source,Prepare,Apply,Accumulate,Merge", // the accumulators take the rows the dedupe kept
            "Source,Replay,Map,Accumulate,Merge",
            "Source,Replay,Map,Sink");
        plan.Passes[0].Blocks.Single(b => b.Role == BlockRole.Apply).RecordsDecisions.Should().BeTrue();
        plan.Passes[1].Reason.Should().Contain("'dedupe' replays the rows it removed in pass 1");
        plan.Passes[2].Reason.Should().Contain("'dedupe' replays the rows it removed in pass 1, with the drop records it wrote then");
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

    [Fact]
    public async Task Run_ReplayInTheFinalPass_WritesTheSameDropRecordsAsRunningTheStep()
    {
        using var dir = new TempDirectory();
        using var alone = new TempDirectory();
        var replayed = await Pipeline.Load(EngineHarness.WritePipeline(dir, Steps), CenterStep.Registry())
            .RunAsync(new RunOptions { Source = Source(700), Parallelism = 3, BatchSize = 50 });
        var ran = await Pipeline.Load(EngineHarness.WritePipeline(alone, "- dedupe: { exclude: [id] }"))
            .RunAsync(new RunOptions { Source = Source(700), Parallelism = 3, BatchSize = 50 });

        ran.Plan.Passes.Should().ContainSingle("the dedupe alone runs in full, in one pass");
        string Dropped(RunResult r) => r.Manifest.Files.Single(f => f.Role == "dropped").Sha256;
        Dropped(replayed).Should().Be(Dropped(ran));
        replayed.Ledger.Steps[0].Dropped.Should().Be(100);
        replayed.Ledger.Steps[0].RowsOut.Should().Be(600);
        var (_, rows) = await EngineHarness.ReadRowsAsync(Path.Combine(replayed.Plan.OutputRoot, replayed.Manifest.Files.Single(f => f.Role == "dropped").Path));
        rows.Should().HaveCount(100);
    }

    [Fact]
    public void RemovalLog_ARowMadeFromARemovedRow_IsNotRemovedWithIt()
    {
        var log = new RemovalLog();
        RowId origin = new(0, 5), copy = new RowId(0, 5).Made(17, 0), other = new RowId(0, 6).Made(17, 0);
        log.Record([origin, copy, other], [true, false, true], [], "dedupe");

        log.Replay([origin, copy, other, new RowId(0, 6)]).Should().Equal(true, false, true, false);
        log.Removed.Should().Be(2);
    }

    [Fact]
    public void RemovalLog_RowsOfSeveralInputsInOneBatch_EachLookedUpInItsOwnInput()
    {
        // Inputs 0 and 2 have removals (at the same row numbers, so a row must not be judged by the
        // other input's bits), input 1 has none, and input 2's rows go past the last removed word.
        var log = new RemovalLog();
        log.Record([new RowId(0, 3), new RowId(0, 70), new RowId(2, 4)], [true, true, false], [], "dedupe");
        log.Record([new RowId(2, 3), new RowId(2, 200)], [false, true], [], "dedupe");

        RowId[] batch = [new(0, 3), new(2, 3), new(1, 3), new(0, 70), new(2, 70), new(2, 200), new(0, 4), new(2, 100_000), new(1, 200)];
        log.Replay(batch).Should().Equal(true, false, false, true, false, true, false, false, false);
        log.Replay([new RowId(1, 3), new RowId(0, 5)]).Should().BeNull("no row of this batch was removed");
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
