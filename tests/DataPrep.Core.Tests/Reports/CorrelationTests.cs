using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Reports.Profiling;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Reports;

public sealed class CorrelationTests
{
    private static readonly Schema Schema = new(
    [
        new Field("x", DoubleType.Default, true),
        new Field("y", DoubleType.Default, true),
        new Field("n", Int64Type.Default, true),
        new Field("c", DoubleType.Default, false),
        new Field("s", StringType.Default, true),
    ], null);

    private static (double? X, double? Y, long? N, double C) Row(int i)
    {
        var x = i % 13 == 5 ? (double?)null : Math.Sin(i) * 10 + i % 7;
        var y = i % 17 == 3 ? double.NaN : 2.5 * (x ?? 0) - 0.3 * (i % 11) + Math.Cos(i * 0.7);
        long? n = i % 19 == 2 ? null : 1_000_000_000_000L + (i * 7919L % 1000);
        return (x, y, n, 4.0);
    }

    private static RecordBatch Batch(int start, int count)
    {
        var x = new DoubleArray.Builder(); var y = new DoubleArray.Builder(); var n = new Int64Array.Builder(); var c = new DoubleArray.Builder(); var s = new StringArray.Builder();
        for (var i = start; i < start + count; i++)
        {
            var r = Row(i);
            if (r.X is { } vx) x.Append(vx); else x.AppendNull();
            y.Append(r.Y!.Value);
            if (r.N is { } vn) n.Append(vn); else n.AppendNull();
            c.Append(r.C);
            s.Append("t" + i);
        }
        return new RecordBatch(Schema, [x.Build(), y.Build(), n.Build(), c.Build(), s.Build()], count);
    }

    /// <summary>Pearson r by the textbook two-pass formula in decimal (28 digits) over the rows where both are present and finite.</summary>
    private static double Exact(int rows, Func<int, double?> a, Func<int, double?> b)
    {
        var pairs = Enumerable.Range(0, rows).Select(i => (A: a(i), B: b(i))).Where(p => p.A is { } u && p.B is { } v && double.IsFinite(u) && double.IsFinite(v))
            .Select(p => ((decimal)p.A!.Value, (decimal)p.B!.Value)).ToList();
        var (ma, mb) = (pairs.Average(p => p.Item1), pairs.Average(p => p.Item2));
        var cov = pairs.Sum(p => (p.Item1 - ma) * (p.Item2 - mb));
        var va = pairs.Sum(p => (p.Item1 - ma) * (p.Item1 - ma));
        var vb = pairs.Sum(p => (p.Item2 - mb) * (p.Item2 - mb));
        return (double)cov / Math.Sqrt((double)va * (double)vb);
    }

    [Fact]
    public void Correlations_MergedFromBatches_MatchTheExactValues()
    {
        const int rows = 5000;
        var parts = new[] { new TableProfiler(Schema, new HashSet<string>(), correlations: true), new TableProfiler(Schema, new HashSet<string>(), correlations: true) };
        for (var start = 0; start < rows; start += 333) parts[start / 333 % 2].Accumulate(Batch(start, Math.Min(333, rows - start)));
        var merged = new TableProfiler(Schema, new HashSet<string>(), correlations: true);
        foreach (var p in parts) merged.Merge(p);

        var found = merged.Finish().Correlations!;

        found.Select(p => (p.A, p.B)).Should().Equal(("x", "y"), ("x", "n"), ("x", "c"), ("y", "n"), ("y", "c"), ("n", "c"));
        var xy = found.Single(p => (p.A, p.B) == ("x", "y"));
        xy.Pearson!.Value.Should().BeApproximately(Exact(rows, i => Row(i).X, i => Row(i).Y), 1e-12);
        xy.Rows.Should().Be(Enumerable.Range(0, rows).Count(i => Row(i).X is not null && !double.IsNaN(Row(i).Y!.Value)));
        // n sits at 10^12: merging batch means that far out loses digits (about 1e-9 of r here), far below what r is read for.
        found.Single(p => (p.A, p.B) == ("y", "n")).Pearson!.Value.Should().BeApproximately(Exact(rows, i => Row(i).Y, i => Row(i).N), 1e-7);
        found.Should().Contain(p => p.B == "c" && p.Pearson == null, "a constant column has no correlation");
    }

    [Fact]
    public async Task Report_WithCorrelations_ListsThemAtTheSourceButNotForSensitiveColumns()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- select: { exclude: [city] }", "report: { correlations: true, formats: [json, html, markdown] }");

        var result = await EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(500, 64)));

        result.Report!.Source!.Correlations!.Select(p => (p.A, p.B)).Should().Equal(("id", "age"), ("id", "score"), ("age", "score"));
        result.Report.Sink!.Correlations.Should().HaveCount(3);
        var html = await File.ReadAllTextAsync(Path.Combine(result.Plan.OutputRoot, result.Manifest.Files.Single(f => f.Path.EndsWith(".html", StringComparison.Ordinal)).Path));
        html.Should().Contain("Strongest correlations");
    }
}
