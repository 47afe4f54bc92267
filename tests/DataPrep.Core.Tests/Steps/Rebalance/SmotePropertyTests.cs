using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Rebalance;

/// <summary>
/// The SMOTE property (issue 4): every made row lies on the segment between the row it was made
/// from and one of that row's k nearest neighbours of the same class, and class counts come out
/// exactly as asked. Checked over generated tables with different seeds, sizes, k and features;
/// the neighbours are computed here independently, by brute force over z-scored features.
/// </summary>
public sealed class SmotePropertyTests
{
    public static TheoryData<int, int, string, int> Configurations() => new()
    {
        { 1, 5, "[x1, x2]", 300 },
        { 2, 3, "[x1, x2, x3]", 400 },
        { 3, 1, "[x1]", 250 },
        { 4, 5, "[x1, x2, x3]", 120 },
        { 5, 4, "[x2, x3]", 500 },
        { 6, 2, "[x1, x3]", 200 },
    };

    [Theory, MemberData(nameof(Configurations))]
    public async Task Smote_MadeRowsLieOnSegmentsToKNearestNeighbours_CountsExact(int seed, int k, string features, int rows)
    {
        using var dir = new TempDirectory();
        var output = await TableRun.RunAsync(dir, $"- rebalance: {{ label: label, method: smote, k: {k}, features: {features}, synthetic_column: made }}",
            ClassData.Schema, () => ClassData.Batches(rows, 37, seed), parallelism: 3, batchSize: 37);
        var input = TableRun.Rows(ClassData.Batches(rows, 1000, seed));
        var names = features.Trim('[', ']').Split(", ");

        // auto = not_majority: every class reaches the majority's count exactly.
        var counts = input.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());
        output.Rows.GroupBy(r => (string)r["label"]!).Should().OnlyContain(g => g.Count() == counts.Values.Max());
        output.Rows.Count(r => !(bool)r["made"]!).Should().Be(rows);

        AssertOnSegments(output.Rows, input, names, k, categorical: null);
    }

    [Theory]
    [InlineData(11, 3)]
    [InlineData(12, 5)]
    public async Task SmoteNc_MadeRowsOnSegments_CategoricalIsANeighboursValue_CountsExact(int seed, int k)
    {
        using var dir = new TempDirectory();
        var output = await TableRun.RunAsync(dir, $"- rebalance: {{ label: label, method: smote_nc, k: {k}, features: [x1, x2], categorical: [cat], counts: {{ c: 90, b: 110 }}, synthetic_column: made }}",
            ClassData.Schema, () => ClassData.Batches(300, 50, seed));
        var input = TableRun.Rows(ClassData.Batches(300, 1000, seed));

        var counts = output.Rows.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());
        counts["b"].Should().Be(110);
        counts["c"].Should().Be(90);
        counts["a"].Should().Be(input.Count(r => (string)r["label"]! == "a"));
        AssertOnSegments(output.Rows, input, ["x1", "x2"], k, categorical: "cat");
    }

    /// <summary>Walks the output: a made row follows the row it was made from (or another made row of it).</summary>
    private static void AssertOnSegments(List<Dictionary<string, object?>> output, List<Dictionary<string, object?>> input, string[] features, int k, string? categorical)
    {
        var neighbours = input.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => Nearest(g.ToList(), features, k, categorical));
        Dictionary<string, object?>? origin = null;
        var made = 0;
        foreach (var row in output)
        {
            if (!(bool)row["made"]!) { origin = row; continue; }
            made++;
            origin.Should().NotBeNull();
            row["label"].Should().Be(origin!["label"]);
            row["id"].Should().Be(origin["id"], "other columns are the origin's");
            var candidates = neighbours[(string)origin["label"]!][(long)origin["id"]!];
            candidates.Should().Contain(n => OnSegment(origin, n, row, features),
                $"made row {made} from id {origin["id"]} must lie between it and one of its {k} nearest neighbours");
            if (categorical is not null) candidates.Select(n => n[categorical]).Should().Contain(row[categorical]);
        }
        made.Should().BeGreaterThan(0);
    }

    private static bool OnSegment(Dictionary<string, object?> a, Dictionary<string, object?> b, Dictionary<string, object?> p, string[] features)
    {
        double? t = null;
        foreach (var f in features)
        {
            double xa = (double)a[f]!, xb = (double)b[f]!, xp = (double)p[f]!;
            var span = xb - xa;
            if (Math.Abs(span) < 1e-12) { if (Math.Abs(xp - xa) > 1e-9) return false; continue; }
            var tf = (xp - xa) / span;
            if (tf < -1e-9 || tf > 1 + 1e-9) return false;
            if (t is { } t0 && Math.Abs(t0 - tf) > 1e-6) return false;
            t ??= tf;
        }
        return true;
    }

    /// <summary>Exact k nearest neighbours within a class by id, over features z-scored within the class (+1 per categorical mismatch).</summary>
    private static Dictionary<long, List<Dictionary<string, object?>>> Nearest(List<Dictionary<string, object?>> rows, string[] features, int k, string? categorical)
    {
        var stats = features.Select(f =>
        {
            var v = rows.Select(r => (double)r[f]!).ToArray();
            var mean = v.Average();
            var std = Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Sum() / v.Length);
            return (mean, std: std == 0 ? 1 : std);
        }).ToArray();
        double Distance(Dictionary<string, object?> a, Dictionary<string, object?> b) =>
            features.Select((f, i) => Math.Pow(((double)a[f]! - (double)b[f]!) / stats[i].std, 2)).Sum()
            + (categorical is not null && !Equals(a[categorical], b[categorical]) ? 1 : 0);
        return rows.ToDictionary(r => (long)r["id"]!, r => rows.Where(o => !ReferenceEquals(o, r)).OrderBy(o => Distance(r, o)).Take(k).ToList());
    }
}
