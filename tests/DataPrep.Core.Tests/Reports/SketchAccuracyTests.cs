using DataPrep.Reports.Sketches;

namespace DataPrep.Tests.Reports;

public class SketchAccuracyTests
{
    private static double[] Shuffled(int n, int seed)
    {
        var random = new Random(seed);
        // A skewed mixture: lognormal body plus a uniform tail, so ranks are not evenly spread.
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            values[i] = i % 10 == 0 ? random.NextDouble() * 1000 : Math.Exp(normal);
        }
        return values;
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(50_000)]
    [InlineData(1_000_000)]
    public void HyperLogLog_DistinctValues_WithinStatedError(int distinct)
    {
        var single = new HyperLogLog();
        var parts = Enumerable.Range(0, 7).Select(_ => new HyperLogLog()).ToArray();
        for (var i = 0; i < distinct; i++)
        {
            // Every value twice: duplicates must not count. Hashed as text columns hash their values.
            var h = System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes($"user-{i}@example.com"));
            single.Add(h);
            single.Add(h);
            parts[i % 7].Add(h);
            parts[(i + 3) % 7].Add(h);
        }
        var merged = new HyperLogLog();
        foreach (var p in parts) merged.Merge(p);

        Math.Abs(single.Estimate() - distinct).Should().BeLessThanOrEqualTo((long)(HyperLogLog.StatedError * distinct));
        merged.Estimate().Should().Be(single.Estimate(), "merging takes register maxima, so it is exact");
    }

    [Fact]
    public void HyperLogLog_Empty_IsZero() => new HyperLogLog().Estimate().Should().Be(0);

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void KllSketch_Quantiles_WithinStatedRankError(int partsCount)
    {
        var data = Shuffled(400_000, 7);
        var parts = Enumerable.Range(0, partsCount).Select(_ => new KllSketch()).ToArray();
        for (var i = 0; i < data.Length; i++) parts[i * partsCount / data.Length].Add(data[i]);
        var sketch = parts[0];
        for (var p = 1; p < parts.Length; p++) sketch.Merge(parts[p]);

        ShouldBeWithinRankError(sketch, data, checkRank: true);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(4096)]
    public void KllSketch_PerBatchSketchesMergedInOrder_WithinStatedRankError(int batch)
    {
        // How a report profiles: one sketch per batch (its coin seeded by the batch), merged in source order.
        var data = Shuffled(400_000, 11);
        var sketch = new KllSketch();
        var b = 0;
        foreach (var chunk in data.Chunk(batch))
        {
            var part = new KllSketch(KllSketch.SeedOf(b++, 0));
            part.AddBlock(chunk, 0);
            sketch.Merge(part);
        }

        ShouldBeWithinRankError(sketch, data, checkRank: false);
    }

    /// <summary>Every tested quantile lies within the stated rank error of its true rank interval (and, if asked, so does Rank of it).</summary>
    private static void ShouldBeWithinRankError(KllSketch sketch, double[] data, bool checkRank)
    {
        var sorted = (double[])data.Clone();
        Array.Sort(sorted);
        sketch.Count.Should().Be(data.Length);
        foreach (var q in new[] { 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999 })
        {
            var value = sketch.Quantile(q);
            // The true rank interval of the returned value (ties span a range).
            var lo = (double)LowerBound(sorted, value) / sorted.Length;
            var hi = (double)UpperBound(sorted, value) / sorted.Length;
            var error = q < lo ? lo - q : q > hi ? q - hi : 0;
            error.Should().BeLessThanOrEqualTo(KllSketch.StatedRankError, "rank error at q = {0}", q);
            if (checkRank) Math.Abs(sketch.Rank(value) - lo).Should().BeLessThanOrEqualTo(KllSketch.StatedRankError);
        }
    }

    [Fact]
    public void KllSketch_SeedOf_DiffersByBatchAndColumnAndIsDefaultForNoBatch()
    {
        KllSketch.SeedOf(-1, 3).Should().Be(0);
        new[] { KllSketch.SeedOf(0, 0), KllSketch.SeedOf(0, 1), KllSketch.SeedOf(1, 0), KllSketch.SeedOf(1, 1) }.Should().OnlyHaveUniqueItems().And.NotContain(0UL);
    }

    [Fact]
    public void KllSketch_FewValues_AreExact()
    {
        var sketch = new KllSketch();
        foreach (var v in new double[] { 5, 1, 4, 2, 3 }) sketch.Add(v);
        sketch.Quantiles([0, 0.5, 1]).Should().Equal(1, 3, 5);
    }

    [Fact]
    public void Moments_MergedBatches_EqualExactValues()
    {
        var data = Shuffled(100_000, 3);
        var single = new Moments();
        foreach (var v in data) single.Add(v);
        var merged = new Moments();
        foreach (var chunk in data.Chunk(777))
        {
            var part = new Moments();
            part.AddRange(chunk);
            merged.Merge(part);
        }
        var mean = data.Average();
        var std = Math.Sqrt(data.Sum(v => (v - mean) * (v - mean)) / (data.Length - 1));

        foreach (var m in new[] { single, merged })
        {
            m.Count.Should().Be(data.Length);
            m.Mean.Should().BeApproximately(mean, 1e-9 * Math.Abs(mean));
            m.StdDev.Should().BeApproximately(std, 1e-9 * std);
            m.Min.Should().Be(data.Min());
            m.Max.Should().Be(data.Max());
        }
    }

    [Fact]
    public void FrequentItems_ZipfStream_CountsWithinUndercountBound()
    {
        var random = new Random(11);
        var exact = new Dictionary<int, long>();
        var parts = Enumerable.Range(0, 4).Select(_ => new FrequentItems()).ToArray();
        const int n = 200_000;
        for (var i = 0; i < n; i++)
        {
            // Zipf-like: value k with weight 1/k over 5,000 values.
            var k = (int)Math.Floor(Math.Pow(5000, random.NextDouble()));
            exact[k] = exact.GetValueOrDefault(k) + 1;
            parts[i % 4].Add(HyperLogLog.Mix((ulong)k), k, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var merged = parts[0];
        foreach (var p in parts.Skip(1)) merged.Merge(p);

        merged.MaxUndercount.Should().BeLessThanOrEqualTo(n / (merged.Capacity + 1) * 2, "each compaction removes at least m+1 counts per unit");
        var top = merged.Top(10);
        top.Select(t => int.Parse(t.Label, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(exact.OrderByDescending(e => e.Value).Take(10).Select(e => e.Key), "the true top 10 are far apart in a Zipf stream");
        foreach (var (label, count) in top)
        {
            var truth = exact[int.Parse(label, System.Globalization.CultureInfo.InvariantCulture)];
            count.Should().BeLessThanOrEqualTo(truth).And.BeGreaterThanOrEqualTo(truth - merged.MaxUndercount);
        }
    }

    [Fact]
    public void FrequentItems_FewValues_AreExact()
    {
        var items = new FrequentItems();
        foreach (var s in new[] { "a", "b", "a", "c", "a", "b" }) items.Add(HyperLogLog.Mix((ulong)s[0]), System.Text.Encoding.UTF8.GetBytes(s));

        items.Exact.Should().BeTrue();
        items.Top(2).Should().Equal(("a", 3L), ("b", 2L));
    }

    private static int LowerBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
