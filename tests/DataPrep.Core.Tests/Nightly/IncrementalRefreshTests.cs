using DataPrep.Commit;
using DataPrep.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataPrep.Tests.Nightly;

public sealed class IncrementalRefreshTests
{
    private static readonly DateTimeOffset Night = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_RemovedInput_ItsRowsLeaveTheOutput()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        inputs.Write("b.csv", NightlyInputs.Range(100, 10), Night);
        var pipeline = Pipeline.Load(inputs.WritePipeline());
        await pipeline.RunAsync();

        inputs.Delete("b.csv");
        var manifest = (await pipeline.RunAsync()).Manifest;

        manifest.Refresh.Should().BeEquivalentTo(new { Mode = "incremental", Added = 0, Changed = 0, Removed = 1, Unchanged = 1 });
        (await inputs.OutputIdsAsync()).Should().BeEquivalentTo(inputs.ExpectedIds);
    }

    [Fact]
    public async Task RunAsync_NothingNew_CommitsTheSameFilesAndReadsNothing()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        var pipeline = Pipeline.Load(inputs.WritePipeline());
        var first = (await pipeline.RunAsync()).Manifest;

        File.SetLastWriteTimeUtc(Path.Combine(inputs.Folder, "a.csv"), Night.AddHours(1).UtcDateTime); // touched, same content
        var second = (await pipeline.RunAsync()).Manifest;

        second.Refresh!.Reason.Should().Be("no new or changed inputs");
        second.Ledger.SourceRows.Should().Be(0);
        second.Files.Should().BeEquivalentTo(first.Files);
        second.Inputs.Single().ModifiedUtc.Should().Be(Night.AddHours(1));
        second.Inputs.Single().ReadInVersion.Should().Be(1);
    }

    [Fact]
    public async Task RunAsync_DefinitionChanged_FullRefresh()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        await Pipeline.Load(inputs.WritePipeline()).RunAsync();

        var manifest = (await Pipeline.Load(inputs.WritePipeline("seed: 3")).RunAsync()).Manifest;

        manifest.Refresh.Should().BeEquivalentTo(new { Mode = "full", Reason = "the definition changed" });
        ThreeNightsTests.Consumed(manifest).Should().Equal("a.csv");
    }

    [Fact]
    public async Task RunAsync_StepNeedingAllData_FullEveryRunAndSaysWhy()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        var path = inputs.WritePipeline();
        File.WriteAllText(path, File.ReadAllText(path).Replace("  - validate:", "  - dedupe: { keys: [id] }\n  - validate:", StringComparison.Ordinal));
        var pipeline = Pipeline.Load(path);
        await pipeline.RunAsync();

        var manifest = (await pipeline.RunAsync()).Manifest;

        manifest.Refresh.Should().BeEquivalentTo(new { Mode = "full", Reason = "step 'dedupe' (sequential) needs all the data" });
        DataPrep.Execution.PlanRenderer.Text(await pipeline.CompileAsync()).Should().Contain("refresh: full on every run: step 'dedupe' (sequential) needs all the data");
    }

    [Fact]
    public async Task RunAsync_LeaseHeldByAnotherRun_ThrowsAndCommitsNothing()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        var pipeline = Pipeline.Load(inputs.WritePipeline());
        Directory.CreateDirectory(inputs.Root);
        using var other = WriterLease.Acquire(inputs.Root, new FakeTimeProvider(DateTimeOffset.UtcNow), "other run");

        var run = () => pipeline.RunAsync();

        await run.Should().ThrowAsync<LeaseHeldException>();
        OutputRoot.ReadLatest(inputs.Root).Should().BeNull();
    }

    [Fact]
    public async Task Explain_IncrementalPipeline_SaysOnlyNewInputsAreRead()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);

        var text = DataPrep.Execution.PlanRenderer.Text(await Pipeline.Load(inputs.WritePipeline()).CompileAsync());

        text.Should().Contain("refresh: incremental: only new or changed inputs are read");
    }
}
