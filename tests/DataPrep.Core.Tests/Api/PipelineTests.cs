using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Filter;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Api;

public sealed class PipelineTests
{
    [Fact]
    public async Task FromDefinition_BuiltInCode_RunsLikeTheSamePipelineFromYaml()
    {
        using var dir = new TempDirectory();
        var definition = new PipelineDefinition
        {
            Name = "test",
            Seed = 7,
            Source = new SourceOptions { Parquet = new ParquetSourceOptions { Path = "in/*.parquet" } },
            Steps =
            [
                new StepDefinition("filter", "filter", new FilterOptions { Where = "age > 30" }, "steps[0]"),
                new StepDefinition("dedupe", "dedupe", new DedupeOptions { Exclude = ["id"] }, "steps[1]"),
            ],
            Sink = new SinkOptions { Parquet = new ParquetSinkOptions { Path = "out-code", RowGroupSize = 1000 } },
        };
        var yaml = EngineHarness.WritePipeline(dir, "- filter: { where: \"age > 30\" }\n- dedupe: { exclude: [id] }");

        var fromCode = await Pipeline.FromDefinition(definition, dir.Path)
            .RunAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(500, 64)) });
        var fromYaml = await EngineHarness.RunAsync(yaml, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(500, 64)));

        fromCode.Manifest.Files.Select(f => f.Sha256).Should().Equal(fromYaml.Manifest.Files.Select(f => f.Sha256));
        fromCode.Plan.Passes.Should().BeEquivalentTo(fromYaml.Plan.Passes, o => o.WithStrictOrdering());
        fromCode.Plan.Steps.Select(x => (x.Id, x.Kind)).Should().Equal(fromYaml.Plan.Steps.Select(x => (x.Id, x.Kind)));
        fromCode.Manifest.DefinitionSha256.Should().NotBeEmpty();
    }

    [Fact]
    public async Task RunAsync_ReportsProgressAndReturnsLedger()
    {
        using var dir = new TempDirectory();
        var reports = new List<RunProgress>();
        var progress = new SynchronousProgress(r => { lock (reports) reports.Add(r); });

        var result = await Pipeline.Load(EngineHarness.WritePipeline(dir, "- dedupe: {}"))
            .RunAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(300, 50)) }, progress);

        lock (reports) reports.Should().Contain(r => r.RowsRead == 300 && r.Pass == r.PassCount, "the run reports once more when it has committed");
        result.Ledger.RowsWritten.Should().Be(300);
    }

    private sealed class SynchronousProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            lock (this) report(value);
        }
    }
}
