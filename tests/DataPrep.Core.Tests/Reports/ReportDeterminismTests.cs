using System.Text.Json.Nodes;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Reports;

/// <summary>
/// The report is part of the output: the same input, definition and seed give the same report at
/// any parallelism. Only what describes the run itself (its id, clock, seconds, parallelism and
/// batch size) may differ; everything else in report.json, and every data file's hash, must not.
/// </summary>
public sealed class ReportDeterminismTests
{
    // A dedupe (sequential), fitted steps that change columns in some batches only (impute fills the
    // batches that have nulls, outliers clips the ones that have 150s), a normalize that changes every
    // batch, and a select; the source and sink profiles with top values, quantiles and correlations.
    private const string Steps = """
        - dedupe: { exclude: [id] }
        - impute: { columns: { age: median, name: { method: constant, value: unknown } } }
        - outliers: { columns: { age: { method: iqr, action: clip } } }
        - normalize: { columns: { score: zscore } }
        - select: { columns: [id, name, age, score, city] }
        """;

    private const string Report = "report: { formats: [json], label: city, correlations: true }";

    private static readonly int[] Parallelisms = [1, 2, 3, 4, 2, 3, 4, 2, 3, 4];

    [Theory]
    [InlineData(3000, 16)]
    [InlineData(3000, 128)]
    [InlineData(3000, 1000)]
    [InlineData(40_000, 9000)]
    public async Task RunAsync_AnyParallelism_GivesTheSameReportAndFiles(int rows, int batchSize)
    {
        var runs = new List<(int Parallelism, string Report, string Files)>();
        foreach (var parallelism in Parallelisms)
        {
            using var dir = new TempDirectory();
            var path = EngineHarness.WritePipeline(dir, Steps, Report);
            var result = await EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)), parallelism);
            var json = File.ReadAllText(EngineHarness.FileOf(result, "report"));
            var files = string.Join("\n", result.Manifest.Files.Where(f => f.Role != "report").Select(f => $"{f.Path} {f.Sha256}"));
            runs.Add((parallelism, WithoutRunFields(json), files));
        }

        var first = runs[0];
        first.Report.Should().Contain("\"p75\"").And.Contain("\"percentiles\"").And.Contain("\"nulls_filled\"").And.Contain("\"pearson\"", "the report has the parts that could differ");
        var differing = runs.Skip(1).Where(r => r.Report != first.Report).Select(r => r.Parallelism).ToList();
        differing.Should().BeEmpty($"every run's report should equal the one at parallelism 1 ({rows} rows in batches of {batchSize}); first difference: {FirstDifference(first.Report, runs.FirstOrDefault(r => r.Report != first.Report).Report)}");
        runs.Select(r => r.Files).Distinct().Should().ContainSingle("the data files are the same at any parallelism");
    }

    [Fact]
    public async Task ProfileBatchesAsync_AnyParallelism_GivesTheSameProfile()
    {
        // dataprep profile / init: 40,000 rows so that the mostly distinct names give up their top values.
        var profiles = new List<string>();
        foreach (var parallelism in Parallelisms)
        {
            var report = await DataPrep.Reports.DatasetProfiler.ProfileBatchesAsync(PeopleData.Schema, Batches(PeopleData.Batches(40_000, 700)), "people", parallelism);
            profiles.Add(System.Text.Json.JsonSerializer.Serialize(report.Source, DataPrep.Reports.ReportJson.Options));
        }

        profiles[0].Should().Contain("\"p75\"");
        profiles.Distinct().Should().ContainSingle();
    }

    private static async IAsyncEnumerable<Apache.Arrow.RecordBatch> Batches(IEnumerable<Apache.Arrow.RecordBatch> batches)
    {
        foreach (var b in batches)
        {
            await Task.Yield();
            yield return b;
        }
    }

    /// <summary>report.json with the fields that describe the run, not the data, blanked out.</summary>
    internal static string WithoutRunFields(string json)
    {
        var report = JsonNode.Parse(json)!.AsObject();
        report.Remove("created_utc");
        var run = report["run"]!.AsObject();
        foreach (var key in new[] { "run_id", "seconds", "parallelism", "batch_size" }) run.Remove(key);
        foreach (var step in report["steps"]!.AsArray()) step!.AsObject().Remove("seconds");
        return report.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string FirstDifference(string a, string? b)
    {
        if (b is null) return "none";
        var (x, y) = (a.Split('\n'), b.Split('\n'));
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            if (x[i] != y[i]) return $"line {i + 1}: '{x[i].Trim()}' vs '{y[i].Trim()}' (after '{(i > 0 ? x[i - 1].Trim() : "")}')";
        }
        return "lengths differ";
    }
}
