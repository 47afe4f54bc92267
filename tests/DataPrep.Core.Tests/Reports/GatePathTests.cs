using DataPrep.Definition;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Reports;

public sealed class GatePathTests
{
    private const string Steps = "- validate: { rules: [ { column: age, not_null: true } ] }\n- impute: { columns: { score: mean } }";

    private static async Task<IReadOnlyList<Diagnostic>> ValidateAsync(TempDirectory dir, string extra)
    {
        var path = EngineHarness.WritePipeline(dir, Steps, extra);
        return await EngineHarness.DiagnosticsAsync(path, PeopleData.Schema);
    }

    [Fact]
    public async Task Validate_MisspeltColumnMetric_FailsAtTheGateLineWithCloseMetrics()
    {
        using var dir = new TempDirectory();

        var diagnostics = await ValidateAsync(dir, """
            gates:
              - { metric: row_count, min: 1 }
              - { metric: columns.age.nul_rate, max: 0.1 }
            """);

        var d = diagnostics.Should().ContainSingle().Which;
        d.Code.Should().Be(DiagnosticCodes.GateMetricUnknown);
        d.Path.Should().Be("gates[1].metric");
        var lines = File.ReadAllLines(dir.Combine("pipeline.yaml"));
        lines[d.Location.Line - 1].Should().Contain("columns.age.nul_rate");
        d.Message.Should().Contain("'sink.columns.age.nul_rate'").And.Contain("close valid metrics: sink.columns.age.null_rate");
    }

    [Theory]
    [InlineData("steps.validate.quarantined")]
    [InlineData("steps.impute.effects.nulls_filled")]
    [InlineData("steps.impute.effects.columns.score.psi")]
    [InlineData("source.columns.city.distinct_estimate")]
    [InlineData("columns.score.numeric.quantiles.p50")]
    [InlineData("drift.columns.age.psi")]
    [InlineData("duplicate_rate")]
    [InlineData("steps.impute.fit.columns.score.value")]
    public async Task Validate_ExistingMetric_Passes(string metric)
    {
        using var dir = new TempDirectory();

        var diagnostics = await ValidateAsync(dir, $"gates: [ {{ metric: {metric}, max: 1 }} ]");

        diagnostics.Should().BeEmpty();
    }

    [Theory]
    [InlineData("steps.valdate.quarantined", "steps.validate.quarantined")]
    [InlineData("steps.impute.effects.columns.nope.psi", null)]
    [InlineData("duplicates_rate", "close valid metrics: duplicate_rate")]
    [InlineData("columns.name.numeric.mean", null)]
    public async Task Validate_MissingMetric_IsAnError(string metric, string? suggested)
    {
        using var dir = new TempDirectory();

        var diagnostics = await ValidateAsync(dir, $"gates: [ {{ metric: {metric}, max: 1 }} ]");

        var d = diagnostics.Should().ContainSingle().Which;
        d.Code.Should().Be(DiagnosticCodes.GateMetricUnknown);
        if (suggested is not null) d.Message.Should().Contain(suggested);
    }

    [Fact]
    public async Task Validate_ProfileOff_ColumnMetricSaysWhy()
    {
        using var dir = new TempDirectory();

        var diagnostics = await ValidateAsync(dir, "report: { profile: false }\ngates: [ { metric: columns.age.null_rate, max: 1 } ]");

        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("report.profile is false");
    }
}
