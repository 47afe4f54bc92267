using System.Text.Json.Nodes;
using DataPrep.IO;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Golden;

/// <summary>
/// impute and normalize against scikit-learn: each case of sklearn_golden.json (made by
/// make_sklearn_golden.py, which says how) runs its step through the real engine, from the CSV
/// file to Parquet, and every value must match to 1e-9 relative (1e-12 absolute near zero).
/// Null and NaN both count as missing, as they do for scikit-learn. Rows a case lists in
/// <c>skip_rows</c> (knn receivers whose k-th neighbour is tied) are not compared.
/// </summary>
public sealed class SklearnGoldenTests
{
    private const double Relative = 1e-9;
    private const double Absolute = 1e-12;

    private static readonly Lazy<JsonObject> Golden = new(() =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "tests", "DataPrep.Core.Tests", "Golden", "sklearn_golden.json")))!);

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        var tables = (JsonArray)Golden.Value["tables"]!;
        for (var t = 0; t < tables.Count; t++)
            foreach (var c in (JsonArray)tables[t]!["cases"]!) data.Add(t, c!["name"]!.GetValue<string>());
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Step_MatchesScikitLearn(int table, string name)
    {
        var t = Golden.Value["tables"]![table]!;
        var c = ((JsonArray)t["cases"]!).Single(x => x!["name"]!.GetValue<string>() == name)!;
        using var dir = new TempDirectory();
        var types = string.Join(", ", ((JsonObject)t["types"]!).Select(p => $"{p.Key}: {p.Value}"));
        var pipeline = dir.Combine("pipeline.yaml");
        File.WriteAllText(pipeline, $$"""
            version: 1
            name: golden
            source: { csv: { path: "{{Path.Combine(RepoRoot(), t["file"]!.GetValue<string>())}}", types: { {{types}} } } }
            steps:
              {{c["step"]!.GetValue<string>()}}
            sink: { parquet: { path: out } }
            """);
        var result = await Pipeline.Load(pipeline).RunAsync(new RunOptions { Parallelism = 3, BatchSize = 50 }, null, CancellationToken.None);
        var (schema, rows) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "data"));

        foreach (var (column, expectedNode) in (JsonObject)c["expected"]!)
        {
            var index = schema.GetFieldIndex(column);
            index.Should().BeGreaterThanOrEqualTo(0, $"column {column} is in the output");
            var expected = (JsonArray)expectedNode!;
            rows.Should().HaveCount(expected.Count);
            var skip = (c["skip_rows"]?[column] as JsonArray)?.Select(x => x!.GetValue<int>()).ToHashSet() ?? [];
            skip.Count.Should().BeLessThan(Math.Max(1, expected.Count / 10), "only a few tied rows may be skipped");
            for (var r = 0; r < expected.Count; r++)
                if (!skip.Contains(r)) Check(expected[r], rows[r][index], $"{name}: column '{column}' row {r}");
        }
    }

    private static void Check(JsonNode? expected, object? actual, string what)
    {
        var missing = actual is null || actual is double d && double.IsNaN(d);
        if (expected is null)
        {
            missing.Should().BeTrue($"{what} is missing in scikit-learn's output, got {actual}");
            return;
        }
        missing.Should().BeFalse($"{what} is {expected} in scikit-learn's output");
        if (expected.GetValueKind() == System.Text.Json.JsonValueKind.String)
        {
            actual.Should().Be(expected.GetValue<string>(), what);
            return;
        }
        var want = expected.GetValue<double>();
        var got = Convert.ToDouble(actual, System.Globalization.CultureInfo.InvariantCulture);
        Math.Abs(got - want).Should().BeLessThanOrEqualTo(Math.Max(Absolute, Relative * Math.Abs(want)), $"{what}: expected {want:R}, got {got:R}");
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) return dir.FullName;
        throw new InvalidOperationException("DataPrep.sln not found above " + AppContext.BaseDirectory);
    }
}
