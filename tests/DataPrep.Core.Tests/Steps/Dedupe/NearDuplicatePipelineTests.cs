using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class NearDuplicatePipelineTests
{
    [Fact]
    public async Task Run_NearDedupe_DropsNameSurvivorsAndCountersReachTheManifest()
    {
        using var dir = new TempDirectory();
        var corpus = new NearDuplicateCorpus(bases: 200, duplicates: 60, distractors: 20, seed: 5);
        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, "- dedupe: { near: { column: txt, keep: first } }"),
            new MemorySource(NearDuplicateCorpus.Schema, () => corpus.Batches(50)), parallelism: 2, batchSize: 50);

        var step = result.Manifest.Ledger.Steps.Single();
        step.Dropped.Should().Be(60);
        step.Counters.Should().NotBeNull();
        step.Counters!["near_duplicate.clusters"].Should().Be(corpus.Group.GroupBy(g => g).Count(g => g.Count() > 1));
        step.Counters.Where(c => c.Key.StartsWith("near_duplicate.cluster_size.", StringComparison.Ordinal)).Sum(c => c.Value)
            .Should().Be(step.Counters["near_duplicate.clusters"]);
        result.Ledger.Steps[0].Named.Should().Equal(step.Counters);

        var (_, dropped) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "dropped"));
        dropped.Should().HaveCount(60);
    }

    [Fact]
    public void Validate_NearWithKeys_IsABadValue()
    {
        using var dir = new TempDirectory();
        var loaded = PipelineLoader.LoadFile(EngineHarness.WritePipeline(dir, "- dedupe: { keys: [txt], near: { column: txt } }"), StepRegistry.CreateDefault());
        loaded.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.BadValue && d.Message.Contains("leave out 'keys'"));
        loaded = PipelineLoader.LoadFile(EngineHarness.WritePipeline(dir, "- dedupe:\n    near: { column: txt, n: 0 }"), StepRegistry.CreateDefault());
        loaded.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.BadValue && d.Message.Contains("n must be") && d.Location.Line == 7);
    }

    [Fact]
    public void Explain_ShowsThresholdAndBytesPerRow()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- dedupe: { near: { column: txt, bands: 16, rows: 8 } }");
        var step = new DataPrep.Steps.Dedupe.NearDuplicateStep(
            (DataPrep.Steps.Dedupe.DedupeOptions)Pipeline.Load(path).Definition.Steps[0].Options, "d");
        step.DescribeState().Should().Contain("(1/b)^(1/r) ≈ 0.707").And.Contain("bytes per row");
    }
}
