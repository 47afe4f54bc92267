using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Fitting;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Fitting;

public sealed class FitArtifactTests
{
    private const string Steps = "- dedupe: { exclude: [id], keep: last }\n- center: { column: score }";

    [Fact]
    public async Task Run_WithReusableFit_CommitsFitJsonAndSavesTheSameBytes()
    {
        using var dir = new TempDirectory();
        var pipeline = EngineHarness.WritePipeline(dir, Steps);
        var saved = dir.Combine("models/fit.json");

        var result = await RunAsync(pipeline, rows: 300, new RunOptions { SaveFitPath = saved });

        var committed = EngineHarness.FileOf(result, "fit");
        File.ReadAllBytes(saved).Should().Equal(File.ReadAllBytes(committed));
        var artifact = FitArtifact.Read(saved);
        artifact.Steps.Should().ContainSingle("keep-last dedupe describes rows, so only center is saved")
            .Which.Should().Match<FittedStepRecord>(s => s.Id == "center" && s.Step == "center");
        var expected = ExpectedMean(300);
        ((double)artifact.Steps[0].Fit["mean"]!).Should().BeApproximately(expected, 1e-12);
        artifact.Source.Select(c => c.Name).Should().Equal("id", "name", "age", "score", "city");
    }

    [Fact]
    public async Task Run_WithFit_AppliesSavedStatisticsInOnePassLessAndDoesNotRefit()
    {
        using var dir = new TempDirectory();
        var pipeline = EngineHarness.WritePipeline(dir, Steps);
        var saved = dir.Combine("fit.json");
        await RunAsync(pipeline, rows: 300, new RunOptions { SaveFitPath = saved });

        var refit = await RunAsync(pipeline, rows: 500, new RunOptions());
        var applied = await RunAsync(pipeline, rows: 500, new RunOptions { FitPath = saved });

        refit.Plan.Passes.Should().HaveCount(3, "dedupe and center each fit in a pass of their own");
        applied.Plan.Passes.Should().HaveCount(2, "center's fit comes from the artifact; keep-last dedupe still fits");
        applied.Plan.Steps[1].FitLoaded.Should().BeTrue();
        var first = (await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(applied, "data"))).Rows.First(r => r[3] is double d && !double.IsNaN(d));
        var original = PeopleData.Row((int)(long)first[0]!).Score!.Value;
        ((double)first[3]!).Should().BeApproximately(original - ExpectedMean(300), 1e-9, "the 300-row fit applies, not a refit on 500 rows");
        applied.Fit!.ToUtf8().Should().Equal(File.ReadAllBytes(saved), "the version records the statistics it applied");
        PlanRenderer.Text(applied.Plan).Should().Contain("fit:   loaded from the fit artifact (no fit pass)");
        PlanRenderer.Text(refit.Plan).Should().Contain("in every run: the fitted state describes these rows");
    }

    [Fact]
    public async Task Validate_ArtifactOfAnotherPipeline_ReportsEveryMismatchAtTheStep()
    {
        using var dir = new TempDirectory();
        var saved = dir.Combine("fit.json");
        await RunAsync(EngineHarness.WritePipeline(dir, "- { id: scaled, center: { column: score } }"), 100, new RunOptions { SaveFitPath = saved });

        var renamed = await ValidateAsync(EngineHarness.WritePipeline(dir, "- center: { column: score }"), saved);
        renamed.Select(d => d.Code).Should().Equal(DiagnosticCodes.FitMismatch, DiagnosticCodes.FitMismatch);
        renamed[0].ToString().Should().Contain("has no fit for step 'center'").And.Contain("pipeline.yaml(");
        renamed[1].Message.Should().Contain("has a fit for step 'scaled'").And.Contain("another version of the pipeline");

        var narrowed = await ValidateAsync(EngineHarness.WritePipeline(dir, "- select: { exclude: [city] }\n- { id: scaled, center: { column: score } }"), saved);
        narrowed.Should().ContainSingle().Which.Message.Should().Contain("'city' (string) is missing here");

        File.WriteAllText(dir.Combine("broken.json"), "{ \"format\": \"dataprep-fit/1\", ");
        var broken = await ValidateAsync(EngineHarness.WritePipeline(dir, "- center: { column: score }"), dir.Combine("broken.json"));
        broken.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.FitUnreadable && d.Message.Contains("broken.json"));
    }

    [Fact]
    public async Task FittedPipeline_Transform_GivesTheBatchRunsNumbersAndSkipsDatasetSteps()
    {
        using var dir = new TempDirectory();
        var pipeline = EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }\n- filter: { where: \"age < 100\" }\n- center: { column: score }");
        var saved = dir.Combine("fit.json");
        var run = await RunAsync(pipeline, rows: 200, new RunOptions { SaveFitPath = saved });
        var batchOutput = (await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(run, "data"))).Rows.ToDictionary(r => (long)r[0]!);

        var fitted = FittedPipeline.Load(pipeline, saved, CenterStep.Registry());
        using var input = PeopleData.Batch(0, 200);
        var result = fitted.Transform(input);
        using var output = result.Output;

        fitted.SkippedSteps.Should().ContainSingle().Which.Should().StartWith("dedupe: sequential");
        result.Removed.Should().NotBeEmpty().And.OnlyContain(r => r.StepId == "filter", "ages of 150 fail the filter; nothing is deduped in memory");
        (output.Length + result.Removed.Count).Should().Be(200);
        var ids = (Int64Array)output.Column(0);
        var scores = (DoubleArray)output.Column(3);
        var compared = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (!batchOutput.TryGetValue(ids.GetValue(i)!.Value, out var row)) continue; // a duplicate the batch run dropped
            ArrowValues.Get(scores, i).Should().BeEquivalentTo(row[3], "row {0}", ids.GetValue(i));
            compared++;
        }
        compared.Should().Be(batchOutput.Count);
        ((Int64Array)input.Column(0)).GetValue(199).Should().Be(199, "the caller's batch is untouched");
    }

    [Fact]
    public async Task FittedPipeline_Transform_MissingOrMistypedColumn_NamesIt()
    {
        using var dir = new TempDirectory();
        var pipeline = EngineHarness.WritePipeline(dir, "- center: { column: score }");
        var saved = dir.Combine("fit.json");
        await RunAsync(pipeline, rows: 50, new RunOptions { SaveFitPath = saved });
        var fitted = FittedPipeline.Load(pipeline, saved, CenterStep.Registry());

        var noScore = new RecordBatch(new Schema([new Field("id", Int64Type.Default, false)], null),
            [new Int64Array.Builder().Append(1).Build()], 1);
        fitted.Invoking(f => f.Transform(noScore)).Should().Throw<ArgumentException>().WithMessage("*no column 'name'*");
    }

    /// <summary>The mean score over the rows that reach center: distinct on all columns but id (the dedupe before it).</summary>
    private static double ExpectedMean(int rows)
    {
        var distinct = new HashSet<(string?, long?, double?, string?)>();
        for (var i = 0; i < rows; i++)
        {
            var r = PeopleData.Row(i);
            distinct.Add((r.Name, r.Age, r.Score, r.City));
        }
        return distinct.Where(r => r.Item3 is { } s && !double.IsNaN(s)).Average(r => r.Item3!.Value);
    }

    private static Task<RunResult> RunAsync(string pipeline, int rows, RunOptions options) =>
        Pipeline.Load(pipeline, CenterStep.Registry())
            .RunAsync(options with { Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, 64)) });

    private static Task<IReadOnlyList<Diagnostic>> ValidateAsync(string pipeline, string fit) =>
        Pipeline.Load(pipeline, CenterStep.Registry())
            .ValidateAsync(new RunOptions { FitPath = fit, Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(10, 64)) });
}
