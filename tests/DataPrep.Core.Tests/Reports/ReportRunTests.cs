using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Execution;
using DataPrep.Reports;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Reports;

public sealed class ReportRunTests
{
    private const string Steps = """
        - validate: { rules: [ { column: age, not_null: true }, { column: age, range: [0, 120], on_fail: drop } ] }
        - dedupe: { exclude: [id] }
        """;

    private static MemorySource People(int rows, int batch = 128) => new(PeopleData.Schema, () => PeopleData.Batches(rows, batch));

    [Fact]
    public async Task RunAsync_WithReport_CommitsReportFilesProfilesAndFunnel()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, Steps, "report: { formats: [json, html, markdown], path: reports }");

        var result = await EngineHarness.RunAsync(path, People(1000));

        var files = result.Manifest.Files.Where(f => f.Role == "report").Select(f => f.Path).ToList();
        files.Should().Equal("v000001/report/report.html", "v000001/report/report.json", "v000001/report/report.md");
        var jsonFile = result.Manifest.Files.Single(f => f.Path.EndsWith("report.json", StringComparison.Ordinal));
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(result.Plan.OutputRoot, jsonFile.Path))))
            .Should().Be(jsonFile.Sha256);
        File.Exists(dir.Combine("reports/report.html")).Should().BeTrue("report.path gets a copy after the commit");

        var report = ReportJson.Deserialize(File.ReadAllText(Path.Combine(result.Plan.OutputRoot, jsonFile.Path)));
        var ages = Enumerable.Range(0, 1000).Select(i => PeopleData.Row(i).Age).ToList();
        report.Source!.Rows.Should().Be(1000);
        var age = report.Source.Columns.Single(c => c.Name == "age");
        age.Nulls.Should().Be(ages.Count(a => a is null));
        age.Numeric!.Max.Should().Be(150);
        age.Numeric.Min.Should().Be(ages.Where(a => a is not null).Min()!.Value);
        age.DistinctEstimate.Should().Be(ages.Where(a => a is not null).Distinct().Count(), "linear counting is exact at this size");
        report.Source.Columns.Single(c => c.Name == "score").NaNs.Should().Be(Enumerable.Range(0, 1000).Count(i => PeopleData.Row(i).Score is double.NaN));
        var city = report.Source.Columns.Single(c => c.Name == "city");
        city.TopValuesExact.Should().BeTrue();
        city.TopValues!.Sum(v => v.Count).Should().Be(1000);
        report.Sink!.Rows.Should().Be(result.Ledger.RowsWritten);

        var validate = report.Steps.Single(s => s.Id == "validate");
        validate.Reasons.Should().ContainEquivalentOf(new ReasonCount { Fate = "quarantined", Code = "validate.not_null", Count = result.Ledger.Steps[0].Quarantined });
        validate.Examples.Where(e => e.Code == "validate.not_null").Should().HaveCount(3);
        var dedupe = report.Steps.Single(s => s.Id == "dedupe");
        dedupe.Dropped.Should().Be(result.Ledger.Steps[1].Dropped);
        report.Metrics.DuplicateRate.Should().BeApproximately((double)result.Ledger.Steps[1].Dropped / 1000, 1e-12);
        report.Metrics.DuplicateRateExact.Should().BeTrue();
        report.Run.Inputs.Should().HaveCount(1);
        result.Report.Should().NotBeNull();
    }

    [Fact]
    public async Task RunAsync_ErrorGateFails_CommitsNothing()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, Steps, """
            gates:
              - { metric: duplicate_rate, max: 0.01 }
              - { metric: columns.age.null_rate, max: 0.5, severity: warn }
            """);

        var act = () => EngineHarness.RunAsync(path, People(700));

        var e = (await act.Should().ThrowAsync<GateFailedException>()).Which;
        e.Message.Should().Contain("duplicate_rate = ").And.Contain("outside <= 0.01").And.Contain("nothing was committed");
        e.Report.Gates.Should().HaveCount(2);
        e.Report.Gates[1].Passed.Should().BeTrue();
        EngineHarness.Latest(dir.Combine("out")).Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_WarnGateFails_CommitsAndRecordsIt()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, Steps, """
            gates:
              - { metric: sink.columns.age.numeric.max, max: 100, severity: warn }
              - { metric: row_count, min: 1 }
              - { metric: drift.max_psi, max: 0.1 }
            """);

        var result = await EngineHarness.RunAsync(path, People(700));

        result.Report!.Gates.Select(g => g.Passed).Should().Equal(true, true, true);
        result.Report.Gates[0].Value.Should().BeLessThanOrEqualTo(100);
        result.Report.Gates[2].Message.Should().Contain("no previous version");
        result.Manifest.Files.Should().Contain(f => f.Path.EndsWith("report/report.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SecondRun_ComparesWithPreviousReport()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, Steps, "report: { formats: [json] }\ngates: [{ metric: drift.row_count_change, min: -0.1, severity: warn }]");
        await EngineHarness.RunAsync(path, People(2000));

        var second = await EngineHarness.RunAsync(path, People(1000));

        var drift = second.Report!.Drift!;
        drift.PreviousVersion.Should().Be(1);
        drift.RowCountChange.Should().BeApproximately(-0.5, 0.02);
        drift.Columns.Select(c => c.Name).Should().Contain(["age", "city", "score"]);
        drift.Columns.Single(c => c.Name == "city").Psi.Should().BeLessThan(0.1, "the same cities in the same mix");
        second.Report.Gates.Single().Passed.Should().BeFalse();
    }

    [Fact]
    public async Task RunAsync_SensitiveColumn_NeverAppearsAsValues()
    {
        using var dir = new TempDirectory();
        var registry = StepRegistry.CreateDefault().Register<ProtectOptions>("protect", (o, id) => new ProtectStep(o, id));
        var path = EngineHarness.WritePipeline(dir, "- protect: { column: name }\n- validate: { rules: [ { column: age, not_null: true } ] }",
            "report: { formats: [json, html, markdown] }");

        var result = await EngineHarness.RunAsync(path, People(500), registry: registry);

        foreach (var file in result.Manifest.Files.Where(f => f.Role == "report"))
            File.ReadAllText(Path.Combine(result.Plan.OutputRoot, file.Path)).Should().NotContain("person ", "no value of a sensitive column may reach {0}", file.Path);
        var name = result.Report!.Source!.Columns.Single(c => c.Name == "name");
        name.Sensitive.Should().BeTrue();
        name.TopValues.Should().BeNull();
        name.Lengths.Should().BeNull();
        name.Count.Should().Be(500);
        name.DistinctEstimate.Should().BeGreaterThan(0);
        result.Report.Steps.Single(s => s.Id == "validate").Examples.Should().NotBeEmpty()
            .And.OnlyContain(e => e.Values!.Contains("\"name\":\"(sensitive)\"") || e.Values.Contains("\"name\":null"));
    }

    [Fact]
    public async Task RunAsync_ProfileOff_ReportsFunnelOnly()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, Steps, "report: { profile: false, formats: [json] }");

        var result = await EngineHarness.RunAsync(path, People(300));

        result.Report!.Source.Should().BeNull();
        result.Report.Sink.Should().BeNull();
        result.Report.Steps.Should().HaveCount(3);
    }

    [Fact]
    public async Task RunAsync_FittedStep_ReportsItsFitInJsonHtmlAndMarkdown()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- normalize: { columns: { age: zscore } }", "report: { formats: [json, html, markdown] }");

        var result = await EngineHarness.RunAsync(path, People(400));

        var ages = Enumerable.Range(0, 400).Select(i => PeopleData.Row(i).Age).Where(a => a is not null).Select(a => (double)a!.Value).ToList();
        var fit = result.Report!.Steps.Single(s => s.Step == "normalize").Fit!;
        var mean = fit["columns"]!["age"]!["center"]!.GetValue<double>();
        mean.Should().BeApproximately(ages.Average(), 1e-9);
        result.Report.Steps.Where(s => s.Step != "normalize").Should().OnlyContain(s => s.Fit == null);
        var files = result.Manifest.Files.Where(f => f.Role == "report").ToDictionary(f => Path.GetExtension(f.Path), f => File.ReadAllText(Path.Combine(result.Plan.OutputRoot, f.Path)));
        files[".html"].Should().Contain("Fitted statistics").And.Contain("columns.age.");
        files[".md"].Should().Contain("### Fitted statistics").And.Contain("`columns.age.");
        ReportJson.Deserialize(files[".json"]).Steps.Single(s => s.Step == "normalize").Fit!["columns"]!["age"].Should().NotBeNull();
    }

    [Fact]
    public void FitSummary_LargeFit_IsReplacedByANote()
    {
        var big = new JsonObject { ["vocabulary"] = new JsonArray(Enumerable.Range(0, 10_000).Select(i => (JsonNode)JsonValue.Create($"word{i}")!).ToArray()) };

        var capped = FitSummary.Cap(big);

        capped["omitted"]!.GetValue<string>().Should().Contain("fit artifact");
        FitSummary.Cap(new JsonObject { ["mean"] = 1.5 })["mean"]!.GetValue<double>().Should().Be(1.5);
    }

    [Fact]
    public void GateEvaluator_PathIntoLists_PicksByNameOrId()
    {
        var report = new QualityReport
        {
            Pipeline = "p",
            CreatedUtc = DateTimeOffset.UnixEpoch,
            Run = new RunMetadata { DataPrepVersion = "1", Runtime = "x" },
            Metrics = new ReportMetrics { RowCount = 10 },
            Steps = [new StepReport { Id = "v", Step = "validate", Quarantined = 4 }],
        };
        var gates = new List<DataPrep.Definition.GateOptions>
        {
            new() { Metric = "steps.v.quarantined", Max = 3 },
            new() { Metric = "row_count", Min = 5, Max = 20 },
            new() { Metric = "columns.nope.null_rate", Max = 1 },
        };

        var results = GateEvaluator.Evaluate(gates, report);

        results.Select(r => r.Passed).Should().Equal(false, true, false);
        results[0].Value.Should().Be(4);
        results[2].Message.Should().Contain("no numeric value at 'source.columns.nope.null_rate'");
    }

    /// <summary>Options of the test step that declares a column sensitive.</summary>
    public sealed class ProtectOptions
    {
        /// <summary>The column.</summary>
        public string Column { get; set; } = "";
    }

    private sealed class ProtectStep(ProtectOptions options, string id) : IMapStep
    {
        public string Id { get; } = id;

        public StepKind Kind => StepKind.Map;

        public IEnumerable<string> SensitiveColumns => [options.Column];

        public Schema Bind(Schema input, BindContext context) => input;

        public RecordBatch Process(RecordBatch input, BatchContext context) => input;
    }
}
