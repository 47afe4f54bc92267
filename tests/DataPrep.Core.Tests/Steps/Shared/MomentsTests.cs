using DataPrep.Steps.Shared;

namespace DataPrep.Tests.Steps.Shared;

public sealed class MomentsTests
{
    [Fact]
    public void Variance_LargeOffsetSmallSpread_IsAccurateWhereNaiveSumsFail()
    {
        // 1e9 + i / 1024 for i = 1..100 (exact doubles): the population variance is (100^2 - 1) / 12 / 1024^2.
        var m = new Moments();
        double naiveSum = 0, naiveSquares = 0;
        for (var i = 1; i <= 100; i++)
        {
            var x = 1e9 + i / 1024.0;
            m.Add(x);
            naiveSum += x;
            naiveSquares += x * x;
        }
        var exact = (100.0 * 100 - 1) / 12 / (1024.0 * 1024);
        m.Variance.Should().BeApproximately(exact, exact * 1e-12);
        var naive = naiveSquares / 100 - (naiveSum / 100) * (naiveSum / 100);
        Math.Abs(naive - exact).Should().BeGreaterThan(exact / 2, "the naive formula has no correct digit here; the test proves the data is hard");
    }

    [Fact]
    public void MeanAndVariance_AnyBatching_SameBits()
    {
        var values = Enumerable.Range(0, 10_000).Select(i => Math.Exp(Math.Sin(i * 0.37) * 20)).ToArray();
        var whole = new Moments();
        foreach (var v in values) whole.Add(v);
        foreach (var size in new[] { 1, 3, 1000 })
        {
            var merged = new Moments();
            for (var start = 0; start < values.Length; start += size)
            {
                var part = new Moments();
                foreach (var v in values.Skip(start).Take(size)) part.Add(v);
                merged.Merge(part);
            }
            BitConverter.DoubleToInt64Bits(merged.Mean).Should().Be(BitConverter.DoubleToInt64Bits(whole.Mean));
            BitConverter.DoubleToInt64Bits(merged.Variance).Should().Be(BitConverter.DoubleToInt64Bits(whole.Variance));
        }
    }

    [Fact]
    public void Variance_ConstantValues_IsExactlyZero()
    {
        var m = new Moments();
        for (var i = 0; i < 1000; i++) m.Add(0.1);
        m.Variance.Should().Be(0);
        m.Mean.Should().Be(0.1);
    }

    [Fact]
    public void Empty_GivesNaNNotACrash()
    {
        var m = new Moments();
        double.IsNaN(m.Mean).Should().BeTrue();
        double.IsNaN(m.Variance).Should().BeTrue();
    }
}
