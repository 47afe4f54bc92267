using DataPrep.Steps.Shared;

namespace DataPrep.Tests.Steps.Shared;

public sealed class QuantileTests
{
    [Fact]
    public void Exact_InterpolatesLikeNumpy()
    {
        var q = new ExactQuantiles();
        foreach (var x in new[] { 4.0, 1, 3, 2 }) q.Add(x);
        q.Quantile(0.5).Should().Be(2.5);
        q.Quantile(0.25).Should().Be(1.75);
        q.Quantile(0).Should().Be(1);
        q.Quantile(1).Should().Be(4);
        q.MedianAbsoluteDeviation(2.5).Should().Be(1); // |x - 2.5| = 1.5, 0.5, 0.5, 1.5
    }

    [Fact]
    public void Kll_RankErrorStaysWithinTheStatedBound()
    {
        const int n = 200_000;
        var values = Values(n, 1);
        var sketch = new KllSketch();
        foreach (var v in values) sketch.Add(v);
        MaxRankError(sketch, values).Should().BeLessThanOrEqualTo(KllSketch.RankError);
        sketch.Retained.Should().BeLessThan(4 * KllSketch.K, "the sketch holds about 3k items whatever n");
    }

    [Fact]
    public void Kll_MergedSketches_MatchOneSketchWithinTheBound()
    {
        const int n = 200_000;
        var values = Values(n, 2);
        var one = new KllSketch();
        foreach (var v in values) one.Add(v);
        var merged = new KllSketch();
        for (var start = 0; start < n; start += 1000)
        {
            var part = new KllSketch();
            for (var i = start; i < start + 1000; i++) part.Add(values[i]);
            merged.Merge(part);
        }
        merged.Count.Should().Be(n);
        MaxRankError(merged, values).Should().BeLessThanOrEqualTo(KllSketch.RankError);
        var sorted = values.OrderBy(x => x).ToArray();
        for (var p = 0.01; p < 1; p += 0.01)
        {
            // The two answers lie within the bound of each other's rank.
            var a = Rank(sorted, one.Quantile(p));
            var b = Rank(sorted, merged.Quantile(p));
            Math.Abs(a - b).Should().BeLessThanOrEqualTo(2 * KllSketch.RankError);
        }
    }

    [Fact]
    public void Kll_SmallInput_IsExact()
    {
        var sketch = new KllSketch();
        foreach (var x in new[] { 5.0, 1, 4, 2, 3 }) sketch.Add(x);
        sketch.Quantile(0.5).Should().Be(3);
        sketch.Quantile(0.25).Should().Be(2);
    }

    private static double[] Values(int n, int seed)
    {
        // A skewed, deterministic mix (no System.Random): log-normal-like values with repeats.
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var r = new DataPrep.Data.StableRandom(seed, "kll", (ulong)i);
            values[i] = Math.Round(Math.Exp(4 * r.NextDouble()) * 100) / 100;
        }
        return values;
    }

    private static double MaxRankError(IQuantileStore sketch, double[] values)
    {
        var sorted = values.OrderBy(x => x).ToArray();
        var worst = 0.0;
        for (var p = 0.001; p < 1; p += 0.001)
        {
            var v = sketch.Quantile(p);
            // The value's rank range [first, last occurrence] / n; the error is the distance from p to that range.
            var lo = (double)LowerBound(sorted, v) / sorted.Length;
            var hi = (double)UpperBound(sorted, v) / sorted.Length;
            worst = Math.Max(worst, p < lo ? lo - p : p > hi ? p - hi : 0);
        }
        return worst;
    }

    private static double Rank(double[] sorted, double v) => (LowerBound(sorted, v) + UpperBound(sorted, v)) / 2.0 / sorted.Length;

    private static int LowerBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { var m = (lo + hi) / 2; if (a[m] < v) lo = m + 1; else hi = m; }
        return lo;
    }

    private static int UpperBound(double[] a, double v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { var m = (lo + hi) / 2; if (a[m] <= v) lo = m + 1; else hi = m; }
        return lo;
    }
}
