using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Execution;
using DataPrep.Reports;
using DataPrep.Steps.Anonymize;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// The k-anonymity measurement leaves the step: the manifest's step ledger, the quality report
/// (JSON, HTML, Markdown, gates) and <c>dataprep explain</c> show what was measured. Expected values
/// are computed here from the generated rows, independently of the step.
/// </summary>
public sealed class KAnonymitySurfacingTests
{
    private const int Rows = 900;

    private static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("zip", StringType.Default, false),
        new Field("age", Int64Type.Default, false),
        new Field("email", StringType.Default, false),
    ], null);

    /// <summary>Zip codes of 5 digits: most share a few 3-digit prefixes, a few rows have rare ones (small classes).</summary>
    private static (string Zip, long Age) Row(int i)
    {
        var prefix = i % 97 == 0 ? 900 + i % 7 : 100 + i % 5;
        return ($"{prefix}{i % 89:00}", 18 + i * 7 % 60);
    }

    private static IEnumerable<RecordBatch> Batches(int from, int to)
    {
        for (var start = from; start < to; start += 128)
        {
            var n = Math.Min(128, to - start);
            var ids = Enumerable.Range(start, n).ToArray();
            yield return new RecordBatch(Schema,
            [
                new Int64Array.Builder().AppendRange(ids.Select(i => (long)i)).Build(),
                new StringArray.Builder().AppendRange(ids.Select(i => Row(i).Zip)).Build(),
                new Int64Array.Builder().AppendRange(ids.Select(i => Row(i).Age)).Build(),
                new StringArray.Builder().AppendRange(ids.Select(i => $"person{i}@example.com")).Build(),
            ], n);
        }
    }

    /// <summary>Class sizes of (zip prefix 3, age decade), computed without the step.</summary>
    private static List<long> ExpectedClassSizes() =>
        Enumerable.Range(0, Rows).Select(Row).GroupBy(r => (r.Zip[..3], r.Age / 10)).Select(g => (long)g.Count()).ToList();

    private static string Anonymize(string suppress) => $$"""
        - id: anon
          anonymize:
            key_env: {{AnonymizeTestSupport.KeyVariable}}
            columns:
              zip: { method: generalize, keep_prefix: 3 }
              age: { method: generalize, bin_width: 10 }
              email: pseudonymize
            k_anonymity: { quasi_identifiers: [zip, age], k: 4, suppress: {{suppress}} }
        """;

    private static Task<RunResult> RunAsync(TempDirectory dir, string suppress, string extra = "report: { formats: [json, html, markdown] }")
    {
        AnonymizeTestSupport.EnsureKey();
        var path = EngineHarness.WritePipeline(dir, Anonymize(suppress), extra);
        return EngineHarness.RunAsync(path, new MemorySource(Schema, () => Batches(0, 400), () => Batches(400, Rows)), parallelism: 2, batchSize: 100);
    }

    [Fact]
    public async Task Run_WithKAnonymity_ManifestLedgerHoldsTheMeasurement()
    {
        var sizes = ExpectedClassSizes();
        sizes.Should().Contain(s => s < 4, "the data must have small classes for the test to mean something");
        using var dir = new TempDirectory();

        var result = await RunAsync(dir, "quarantine");

        var below = sizes.Where(s => s < 4).Sum();
        var released = sizes.Where(s => s >= 4).ToList();
        var k = EngineHarness.Latest(result.Plan.OutputRoot)!.Ledger.Steps.Single(s => s.Id == "anon").KAnonymity;
        k.Should().NotBeNull("the committed manifest carries the measurement");
        k!.Rows.Should().Be(Rows);
        k.Classes.Should().Be(sizes.Count);
        k.SmallestClass.Should().Be(sizes.Min());
        k.RowsBelowK.Should().Be(below);
        k.RowsSuppressed.Should().Be(below).And.Be(result.Ledger.Steps[0].Quarantined);
        k.MaximumRisk.Should().BeApproximately(1.0 / sizes.Min(), 1e-12);
        k.AverageRisk.Should().BeApproximately(sizes.Sum(s => s * (1.0 / s)) / Rows, 1e-12);
        k.ReleasedClasses.Should().Be(released.Count);
        k.ReleasedSmallestClass.Should().Be(released.Min()).And.BeGreaterThanOrEqualTo(4);
        k.ReleasedMaximumRisk.Should().BeApproximately(1.0 / released.Min(), 1e-12);
        k.ReleasedAverageRisk.Should().BeApproximately((double)released.Count / released.Sum(), 1e-12);
        k.QuasiIdentifiers.Should().Equal("zip", "age");
        k.Suppress.Should().Be("quarantine");
        k.ClassTableBytes.Should().BeGreaterThanOrEqualTo(sizes.Count * (long)AnonymizeStep.ClassTableSlotBytes);
        File.ReadAllText(Path.Combine(result.Plan.OutputRoot, "_manifests", "v000001.json")).Should().Contain("\"k_anonymity\"").And.Contain("\"released_smallest_class\"");
    }

    [Fact]
    public async Task Run_WithKAnonymity_ReportJsonHtmlAndMarkdownShowIt()
    {
        var sizes = ExpectedClassSizes();
        using var dir = new TempDirectory();

        var result = await RunAsync(dir, "none");

        var reportDir = Path.Combine(result.Plan.OutputRoot, Path.GetDirectoryName(result.Manifest.Files.Single(f => f.Path.EndsWith("report.json", StringComparison.Ordinal)).Path)!);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(reportDir, "report.json")))!;
        var section = json["k_anonymity"]!.AsArray().Single()!;
        section["id"]!.GetValue<string>().Should().Be("anon");
        section["smallest_class"]!.GetValue<long>().Should().Be(sizes.Min());
        section["classes"]!.GetValue<long>().Should().Be(sizes.Count);
        section["rows_suppressed"]!.GetValue<long>().Should().Be(0, "suppress: none only measures");
        section["released_smallest_class"]!.GetValue<long>().Should().Be(sizes.Min(), "nothing suppressed: the release is the measured data");
        section["maximum_risk"]!.GetValue<double>().Should().BeApproximately(1.0 / sizes.Min(), 1e-12);
        ReportJson.Deserialize(File.ReadAllText(Path.Combine(reportDir, "report.json"))).KAnonymity.Should().ContainSingle();

        var markdown = File.ReadAllText(Path.Combine(reportDir, "report.md"));
        markdown.Should().Contain("### k-anonymity").And.Contain($"| anon | zip, age | 4 | 900 | {sizes.Count} | {sizes.Min()} | 0 (none) |");
        var html = File.ReadAllText(Path.Combine(reportDir, "report.html"));
        html.Should().Contain("<h2>k-anonymity</h2>").And.Contain("<td>zip, age</td>").And.Contain($"<td class=\"n fail\">{sizes.Min()}</td>");
    }

    [Fact]
    public async Task Run_WithoutKAnonymity_ReportHasNoSection()
    {
        using var dir = new TempDirectory();
        AnonymizeTestSupport.EnsureKey();
        var path = EngineHarness.WritePipeline(dir, $"- anonymize: {{ key_env: {AnonymizeTestSupport.KeyVariable}, columns: {{ email: pseudonymize }} }}", "report: { formats: [json, markdown] }");

        var result = await EngineHarness.RunAsync(path, new MemorySource(Schema, () => Batches(0, 200)));

        result.Report!.KAnonymity.Should().BeNull();
        result.Manifest.Ledger.Steps.Single().KAnonymity.Should().BeNull();
        ReportJson.Serialize(result.Report).Should().NotContain("k_anonymity");
    }

    [Fact]
    public async Task Run_GateOnReleasedSmallestClass_FailsWhenNotSuppressing()
    {
        using var dir = new TempDirectory();
        var gate = "gates: [{ metric: k_anonymity.anon.released_smallest_class, min: 4 }]";

        var failing = () => RunAsync(dir, "none", gate);
        var e = (await failing.Should().ThrowAsync<GateFailedException>()).Which;
        e.Report.Gates.Single().Value.Should().Be(ExpectedClassSizes().Min());

        using var dir2 = new TempDirectory();
        var passing = await RunAsync(dir2, "drop", gate);
        passing.Report!.Gates.Single().Passed.Should().BeTrue();
    }

    [Fact]
    public async Task Explain_AfterRun_ShowsTheClassTableAndItsBound()
    {
        using var dir = new TempDirectory();

        var result = await RunAsync(dir, "drop");

        var text = PlanRenderer.Text(result.Plan);
        text.Should().Contain("state: the class table of k-anonymity (k = 4 over zip, age; suppress: drop)")
            .And.Contain($"{AnonymizeStep.ClassTableSlotBytes}-{2 * AnonymizeStep.ClassTableSlotBytes} bytes a class, at most one class per row")
            .And.Contain($"the last fit held {ExpectedClassSizes().Count:N0} classes of {Rows:N0} rows in ");
    }

    [Fact]
    public async Task Run_KAnonymityAfterSplit_MeasuresEveryReleasedRow()
    {
        // k-anonymity describes the rows released, all splits together; after a split it must not fit
        // on the training rows only (other rows' classes would be missing at apply time).
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- split: { key: [id], train: 0.6, validation: 0.2, test: 0.2 }\n" + Anonymize("quarantine"));

        var result = await EngineHarness.RunAsync(path, new MemorySource(Schema, () => Batches(0, Rows)), parallelism: 2, batchSize: 100);

        var sizes = ExpectedClassSizes();
        var k = result.Manifest.Ledger.Steps.Single(s => s.Id == "anon").KAnonymity!;
        k.Rows.Should().Be(Rows);
        k.Classes.Should().Be(sizes.Count);
        k.RowsSuppressed.Should().Be(sizes.Where(s => s < 4).Sum()).And.Be(result.Ledger.Steps[1].Quarantined);
        result.Plan.Steps[1].FitFilter.Should().BeNull();
        PlanRenderer.Text(result.Plan).Should().NotContain("rows:  fits on rows where split");
    }

    [Fact]
    public void Summary_SuppressingClasses_ReleasedRiskIsBoundedByK()
    {
        var options = new KAnonymityOptions { QuasiIdentifiers = ["a"], K = 3, Suppress = SuppressAction.Drop };

        var s = KAnonymitySummary.From("x", options, [1, 2, 3, 10], 1000);

        s.Should().BeEquivalentTo(new
        {
            Rows = 16L, Classes = 4L, SmallestClass = 1L, RowsBelowK = 3L, RowsSuppressed = 3L, MaximumRisk = 1.0, AverageRisk = 4.0 / 16,
            ReleasedClasses = 2L, ReleasedSmallestClass = 3L, ReleasedMaximumRisk = 1.0 / 3, ReleasedAverageRisk = 2.0 / 13,
        });
        KAnonymitySummary.From("x", new KAnonymityOptions { QuasiIdentifiers = ["a"], K = 3 }, [1, 2, 3, 10], 1000)
            .Should().Match<KAnonymitySummary>(n => n.RowsSuppressed == 0 && n.ReleasedSmallestClass == 1 && n.ReleasedMaximumRisk == 1.0);
    }
}
