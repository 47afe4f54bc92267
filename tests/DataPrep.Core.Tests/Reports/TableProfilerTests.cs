using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Reports;
using DataPrep.Reports.Profiling;

namespace DataPrep.Tests.Reports;

public class TableProfilerTests
{
    private static readonly Schema Schema = new(
    [
        new Field("amount_text", StringType.Default, true),
        new Field("mixed", StringType.Default, true),
        new Field("day", Date32Type.Default, true),
        new Field("flag", BooleanType.Default, true),
        new Field("x", DoubleType.Default, true),
        new Field("secret", StringType.Default, true),
    ], null);

    private static RecordBatch Batch(int start, int n)
    {
        var rows = Enumerable.Range(start, n).ToList();
        return new RecordBatch(Schema,
        [
            ArrowBuild.FromValues(StringType.Default, rows.Select(i => (object?)(i % 10 == 0 ? null : (i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList()),
            ArrowBuild.FromValues(StringType.Default, rows.Select(i => (object?)(i % 2 == 0 ? "abc" : i % 3 == 0 ? "2024-01-0" + (i % 9 + 1) : "12")).ToList()),
            ArrowBuild.FromValues(Date32Type.Default, rows.Select(i => (object?)new DateOnly(2024, 1, 1).AddDays(i % 3)).ToList()),
            ArrowBuild.FromValues(BooleanType.Default, rows.Select(i => (object?)(i % 4 == 0)).ToList()),
            ArrowBuild.FromValues(DoubleType.Default, rows.Select(i => (object?)(i == 7 ? double.NaN : i == 8 ? double.PositiveInfinity : i)).ToList()),
            ArrowBuild.FromValues(StringType.Default, rows.Select(i => (object?)$"secret-{i}").ToList()),
        ], n);
    }

    [Fact]
    public void Finish_TypesAndShapes_AreRecognised()
    {
        var sensitive = new HashSet<string> { "secret" };
        var single = new TableProfiler(Schema, sensitive);
        using (var b = Batch(0, 1000)) single.Accumulate(b);
        var merged = new TableProfiler(Schema, sensitive);
        foreach (var (s, n) in new[] { (0, 300), (300, 1), (301, 699) })
        {
            var part = new TableProfiler(Schema, sensitive);
            using var b = Batch(s, n);
            part.Accumulate(b);
            merged.Merge(part);
        }

        foreach (var profile in new[] { single.Finish(), merged.Finish() })
        {
            var c = profile.Columns.ToDictionary(x => x.Name);
            c["amount_text"].Shape!.Verdict.Should().Be("numbers_as_text");
            c["amount_text"].Nulls.Should().Be(100);
            c["mixed"].Shape!.Verdict.Should().Be("mixed");
            c["mixed"].Shape!.Dates.Should().BeGreaterThan(0);
            c["day"].TopValues!.Select(v => v.Value).Should().BeEquivalentTo("2024-01-01", "2024-01-02", "2024-01-03");
            c["day"].Numeric!.Histogram.Counts.Sum().Should().Be(1000);
            c["flag"].TrueCount.Should().Be(250);
            c["x"].NaNs.Should().Be(1);
            c["x"].Infinities.Should().Be(1);
            c["x"].Numeric!.Max.Should().Be(999);
            c["x"].Numeric!.Quantiles["p50"].Should().BeApproximately(500, 10);
            c["secret"].Sensitive.Should().BeTrue();
            c["secret"].TopValues.Should().BeNull();
            c["secret"].Lengths.Should().BeNull();
            c["secret"].DistinctEstimate.Should().Be(1000);
            profile.DistinctRowsEstimate.Should().Be(1000);
            ReportJson.Serialize(new QualityReport
            {
                Pipeline = "p", CreatedUtc = DateTimeOffset.UnixEpoch, Run = new RunMetadata { DataPrepVersion = "1", Runtime = "r" },
                Metrics = new ReportMetrics(), Source = profile,
            }).Should().NotContain("secret-");
        }
    }

    [Fact]
    public void Drift_ShiftedNumbers_RaisePsiAndNewCategoriesAreNamed()
    {
        static TableProfile Profile(double offset, string[] categories)
        {
            var schema = new Schema([new Field("v", DoubleType.Default, true), new Field("c", StringType.Default, true)], null);
            var p = new TableProfiler(schema, new HashSet<string>());
            var values = Enumerable.Range(0, 5000).Select(i => (object?)(i % 100 + offset)).ToList();
            var cats = Enumerable.Range(0, 5000).Select(i => (object?)categories[i % categories.Length]).ToList();
            using var b = new RecordBatch(schema, [ArrowBuild.FromValues(DoubleType.Default, values), ArrowBuild.FromValues(StringType.Default, cats)], 5000);
            p.Accumulate(b);
            return p.Finish();
        }

        var same = DriftCalculator.Column(Profile(0, ["a"]).Columns[0], Profile(0, ["a"]).Columns[0]);
        var shifted = DriftCalculator.Column(Profile(30, ["a"]).Columns[0], Profile(0, ["a"]).Columns[0]);
        var categories = DriftCalculator.Column(Profile(0, ["a", "b", "d"]).Columns[1], Profile(0, ["a", "b", "c"]).Columns[1]);

        same.Psi.Should().BeLessThan(0.01);
        shifted.Psi.Should().BeGreaterThan(0.25);
        shifted.JensenShannon.Should().BeGreaterThan(same.JensenShannon);
        categories.NewCategories.Should().Equal("d");
        categories.VanishedCategories.Should().Equal("c");
        categories.Psi.Should().BeGreaterThan(0.25);
    }

    [Fact]
    public void Finish_LargeBatchesSampled_QuantilesWithinBoundAndCountsExact()
    {
        var schema = new Schema([new Field("v", DoubleType.Default, true), new Field("c", StringType.Default, true)], null);
        var random = new Random(5);
        var values = Enumerable.Range(0, 300_000).Select(_ => Math.Exp(random.NextDouble() * 5)).ToArray();
        var profiler = new TableProfiler(schema, new HashSet<string>());
        foreach (var chunk in values.Chunk(65_536))
        {
            using var b = new RecordBatch(schema,
            [
                ArrowBuild.FromValues(DoubleType.Default, chunk.Select(v => (object?)v).ToList()),
                ArrowBuild.FromValues(StringType.Default, chunk.Select(v => (object?)(v < 3 ? "low" : v < 30 ? "mid" : "high")).ToList()),
            ], chunk.Length);
            profiler.Accumulate(b);
        }

        var profile = profiler.Finish();
        var v = profile.Columns[0].Numeric!;
        var sorted = values.Order().ToArray();
        foreach (var (key, q) in new[] { ("p01", 0.01), ("p25", 0.25), ("p50", 0.5), ("p95", 0.95), ("p99", 0.99) })
        {
            var found = System.Array.BinarySearch(sorted, v.Quantiles[key]);
            var rank = (double)(found >= 0 ? found : ~found) / sorted.Length;
            Math.Abs(rank - q).Should().BeLessThanOrEqualTo(0.01, "rank error at {0}", key);
        }
        v.Histogram.Counts.Sum().Should().BeCloseTo(values.Length, 20, "bins are scaled to the exact count");
        v.Mean.Should().BeApproximately(values.Average(), 1e-6 * values.Average());
        var c = profile.Columns[1];
        c.TopValuesExact.Should().BeFalse("counted from a sample");
        var truth = values.GroupBy(x => x < 3 ? "low" : x < 30 ? "mid" : "high").ToDictionary(g => g.Key, g => (long)g.Count());
        foreach (var top in c.TopValues!) ((double)top.Count).Should().BeApproximately(truth[top.Value], 0.02 * values.Length);
        c.Lengths!.Max.Should().Be(4);
        c.Shape!.Verdict.Should().Be("text");
    }

    [Fact]
    public void Accumulate_SlicedColumnWithNulls_CountsNullsFromTheSlice()
    {
        var schema = new Schema([new Field("v", DoubleType.Default, true)], null);
        var values = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? null : (object?)(double)i).ToList();
        var full = (Apache.Arrow.Array)ArrowBuild.FromValues(DoubleType.Default, values);
        var slice = full.Slice(5, 50);
        var profiler = new TableProfiler(schema, new HashSet<string>());

        profiler.Accumulate(new RecordBatch(schema, [slice], 50));

        var column = profiler.Finish().Columns[0];
        column.Nulls.Should().Be(values.Skip(5).Take(50).Count(v => v is null));
        column.Numeric!.Min.Should().Be(values.Skip(5).Take(50).OfType<double>().Min());
        column.Numeric.Max.Should().Be(values.Skip(5).Take(50).OfType<double>().Max());
    }

    [Fact]
    public void Accumulate_SlicedTextWithNulls_ReadsTheSlice()
    {
        var schema = new Schema([new Field("t", StringType.Default, true)], null);
        var values = Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? null : (object?)new string('x', i % 9 + 1)).ToList();
        var slice = ((Apache.Arrow.Array)ArrowBuild.FromValues(StringType.Default, values)).Slice(7, 40);
        var profiler = new TableProfiler(schema, new HashSet<string>());

        profiler.Accumulate(new RecordBatch(schema, [slice], 40));

        var column = profiler.Finish().Columns[0];
        var expected = values.Skip(7).Take(40).ToList();
        column.Nulls.Should().Be(expected.Count(v => v is null));
        column.Lengths!.Min.Should().Be(expected.OfType<string>().Min(v => v.Length));
        column.Lengths.Max.Should().Be(expected.OfType<string>().Max(v => v.Length));
        column.TopValues!.Sum(v => v.Count).Should().Be(expected.Count(v => v is not null));
        column.DistinctEstimate.Should().Be(expected.OfType<string>().Distinct().Count());
    }
}
