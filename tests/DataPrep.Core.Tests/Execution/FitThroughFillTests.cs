using DataPrep.Execution;
using DataPrep.Data;
using DataPrep.Steps.Shared;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

/// <summary>
/// A fitted step right after an imputation that only fills in place fits in the imputation's pass:
/// its statistics are taken on the imputation's input and completed with the filled values. These
/// tests hold the result to what a pass of its own gives (the same plan with a no-op filter between
/// the two steps, which keeps them apart): the same bytes, at any parallelism.
/// </summary>
public sealed class FitThroughFillTests
{
    private const string Impute = "- impute: { columns: { age: mean, score: median, city: mode } }";
    private const string Apart = "- filter: { where: \"id >= 0\" }";

    [Theory]
    [InlineData("age: zscore, score: zscore")]
    [InlineData("age: { method: min_max, range: [-1, 1] }, score: max_abs")]
    [InlineData("age: robust, score: { method: quantile, quantiles: 50, output: normal }")]
    public async Task Run_ImputeThenNormalize_OnePassFewerAndTheSameBytesAsAPassOfItsOwn(string columns)
    {
        using var fusedDir = new TempDirectory();
        using var apartDir = new TempDirectory();
        var normalize = $"- normalize: {{ columns: {{ {columns} }} }}";

        var fused = await EngineHarness.RunAsync(EngineHarness.WritePipeline(fusedDir, $"{Impute}\n{normalize}"), Source(900), parallelism: 3, batchSize: 64);
        var fusedSerial = await EngineHarness.RunAsync(EngineHarness.WritePipeline(fusedDir, $"{Impute}\n{normalize}"), Source(900), parallelism: 1, batchSize: 500);
        var apart = await EngineHarness.RunAsync(EngineHarness.WritePipeline(apartDir, $"{Impute}\n{Apart}\n{normalize}"), Source(900), parallelism: 2, batchSize: 100);

        fused.Plan.Passes.Should().HaveCount(2);
        fused.Plan.Passes[0].AlsoFits.Should().Be(1);
        apart.Plan.Passes.Should().HaveCount(3);
        Sha(fused, "data").Should().Be(Sha(apart, "data"));
        Sha(fusedSerial, "data").Should().Be(Sha(fused, "data"));
        fused.Fit!.Steps.Single(s => s.Id == "normalize").Fit.ToJsonString()
            .Should().Be(apart.Fit!.Steps.Single(s => s.Id == "normalize").Fit.ToJsonString());
    }

    [Theory]
    [InlineData("{ columns: { age: { method: iqr }, score: { method: zscore } }, action: clip }")]
    [InlineData("{ columns: { age: { method: mad }, score: { method: iqr } }, action: flag }")]
    public async Task Run_ImputeThenOutliers_OnePassFewerAndTheSameBytesAsAPassOfItsOwn(string outliers)
    {
        using var fusedDir = new TempDirectory();
        using var apartDir = new TempDirectory();

        var fused = await EngineHarness.RunAsync(EngineHarness.WritePipeline(fusedDir, $"{Impute}\n- outliers: {outliers}"), Source(900), parallelism: 3, batchSize: 64);
        var apart = await EngineHarness.RunAsync(EngineHarness.WritePipeline(apartDir, $"{Impute}\n{Apart}\n- outliers: {outliers}"), Source(900), parallelism: 2, batchSize: 100);

        fused.Plan.Passes.Should().HaveCount(2);
        apart.Plan.Passes.Should().HaveCount(3);
        Sha(fused, "data").Should().Be(Sha(apart, "data"));
        fused.Fit!.Steps.Single(s => s.Id == "outliers").Fit.ToJsonString()
            .Should().Be(apart.Fit!.Steps.Single(s => s.Id == "outliers").Fit.ToJsonString());
    }

    [Fact]
    public async Task Explain_FusedPass_SaysWhichStepFitsAlongAndWhy()
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, $"{Impute}\n- normalize: {{ columns: {{ age: zscore }} }}"))
            .CompileAsync(new RunOptions { Source = Source(10) });

        plan.Passes[0].Reason.Should().Contain("'normalize' fits in the same pass, on 'impute''s input");
        plan.Passes[0].Blocks.Select(b => b.Name).Should().Contain("accumulate impute + normalize");
        PlanRenderer.Text(plan).Should().Contain("'normalize' fits in the same pass");
    }

    [Theory]
    [InlineData("- impute: { columns: { age: mean }, nan_is_missing: false }\n- normalize: { columns: { age: zscore } }", "NaN kept as a value")]
    [InlineData("- impute: { columns: { age: forward_fill } }\n- normalize: { columns: { age: zscore } }", "fills from other rows")]
    [InlineData("- impute: { columns: { age: mean } }\n- normalize: { columns: { age: robust }, approximate: true }", "a sketch depends on order")]
    [InlineData("- impute: { columns: { age: mode } }\n- normalize: { columns: { age: zscore } }", "an integer mode is no float64 fill")]
    public async Task Plan_WhenTheStatisticsCannotBeCompleted_KeepsAPassOfItsOwn(string steps, string why)
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, steps)).CompileAsync(new RunOptions { Source = Source(10) });

        plan.Passes.Should().HaveCount(3, why);
        plan.Passes.Should().OnlyContain(p => p.AlsoFits == null);
    }

    [Fact]
    public void FillMissing_CountsEveryMissingValueAsTheFill_BitForBitAsAddingThem()
    {
        var values = new double?[] { 1.5, null, 1e300, double.NaN, -3.25, null, 0.1, 7 };
        const double fill = 0.30000000000000004;
        var through = new ColumnStatistics(quantiles: true, approximate: false);
        through.Add(Array(values), nanIsMissing: true);
        through.FillMissing(fill);
        var filled = new ColumnStatistics(quantiles: true, approximate: false);
        filled.Add(Array(values.Select(v => v is null || double.IsNaN(v.Value) ? fill : v)), nanIsMissing: true);

        through.Moments.Count.Should().Be(8);
        through.Moments.Mean.Should().Be(filled.Moments.Mean);
        through.Moments.Variance.Should().Be(filled.Moments.Variance);
        through.Quantiles!.Quantile(0.3).Should().Be(filled.Quantiles!.Quantile(0.3));
        through.Missing.Should().Be(0);
    }

    [Fact]
    public void ExactSumAddRepeated_SameAsAddingOneByOne()
    {
        var repeated = new ExactSum();
        var one = new ExactSum();
        repeated.Add(2.5);
        one.Add(2.5);
        repeated.AddRepeated(0.1, 1_001);
        for (var i = 0; i < 1_001; i++) one.Add(0.1);

        repeated.ToInteger().Should().Be(one.ToInteger());
    }

    private static Apache.Arrow.DoubleArray Array(IEnumerable<double?> values)
    {
        var builder = new Apache.Arrow.DoubleArray.Builder();
        foreach (var v in values) if (v is { } x) builder.Append(x); else builder.AppendNull();
        return builder.Build();
    }

    private static string Sha(RunResult result, string role) => result.Manifest.Files.Single(f => f.Role == role).Sha256;

    private static MemorySource Source(int rows) => new(PeopleData.Schema, () => PeopleData.Batches(rows, 64));
}
