using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Api;

public sealed class CustomStepTests
{
    private static StepRegistry Registry() =>
        StepRegistry.CreateDefault().Register<BucketOptions>("bucket", (o, id) => new BucketStep(o, id));

    [Fact]
    public async Task Load_CustomStepInYaml_RunsLikeABuiltInOne()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- bucket: { column: age, width: 25, output: age_band }");

        var result = await EngineHarness.RunAsync(yaml, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(100, 40)), registry: Registry());

        var (schema, rows) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "data"));
        schema.FieldsList.Select(f => f.Name).Should().EndWith("age_band");
        rows.Should().OnlyContain(r => r[2] == null ? r[5] == null : (long)r[5]! == (long)r[2]! / 25);
    }

    [Fact]
    public void Load_CustomStepBadOptions_ReportedByTheSameBinderWithLines()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- bucket: { width: 0, colour: red }");

        var load = () => Pipeline.Load(yaml, Registry());

        var diagnostics = load.Should().Throw<DefinitionException>().Which.Diagnostics;
        diagnostics.Select(d => (d.Code, d.Path)).Should().Contain([
            (DiagnosticCodes.MissingRequired, "steps[0].bucket.column"),
            (DiagnosticCodes.BadValue, "steps[0].bucket.width"),
            (DiagnosticCodes.UnknownKey, "steps[0].bucket.colour"),
        ]);
        diagnostics.Should().OnlyContain(d => d.Location.Line == 6);
    }

    [Fact]
    public async Task ValidateAsync_CustomStepMissingColumn_FailsBeforeReadingData()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- bucket: { column: height }");
        var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(10, 10));

        var diagnostics = await Pipeline.Load(yaml, Registry()).ValidateAsync(new RunOptions { Source = source });

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.UnknownColumn && d.Path == "steps[0].bucket.column");
        source.Reads.Should().Be(0);
    }

    [Fact]
    public void PipelineSchema_RegistryWithCustomStep_DescribesItFromItsDocComments()
    {
        var schema = PipelineSchema.Generate(Registry());

        schema.Should().Contain("\"bucket\"").And.Contain("The int64 column to bucket.");
    }

    [Fact]
    public async Task Builder_CustomStepByOptionsType_ResolvesItsName()
    {
        using var result = await Pipeline.Create("custom", Registry())
            .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(20, 20)))
            .Step(new BucketOptions { Column = "id", Width = 5 })
            .ToMemory().Build().CollectAsync();

        var bucket = (Int64Array)result.Batches[0].Column("bucket");
        bucket.GetValue(19).Should().Be(3);
        result.Plan.Steps.Single().Id.Should().Be("bucket");
    }
}
