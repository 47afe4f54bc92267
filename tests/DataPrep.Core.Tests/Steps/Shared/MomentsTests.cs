using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
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

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void AddValues_NullsNaNInfinitiesAndExtremes_SameAsAddOneByOne(int offset)
    {
        // Every kind of value a column holds: nulls, NaN, ±infinity, squares that overflow, subnormals, ±0.
        double?[] kinds = [1.5, null, double.NaN, -2.25, double.PositiveInfinity, 1e200, -1e-310, 0.0, -0.0, double.NegativeInfinity, 3e-5, null];
        var values = Enumerable.Range(0, 300).Select(i => kinds[i % kinds.Length] is { } k ? k * (1 + i / 7.0) : (double?)null).ToArray();
        var column = (DoubleArray)ArrowArrayFactory.Slice(ArrowBuild.FromValues(DoubleType.Default, values.Cast<object?>().ToArray()), offset, values.Length - offset);
        var one = new Moments();
        for (var i = 0; i < column.Length; i++)
            if (column.IsValid(i) && !double.IsNaN(column.Values[i])) one.Add(column.Values[i]);

        var many = new Moments();
        many.AddValues(column.Values[..100], new Validity(column)); // two calls: the second carries on from the first's state
        var rest = (DoubleArray)ArrowArrayFactory.Slice(column, 100, column.Length - 100);
        many.AddValues(rest.Values, new Validity(rest));

        many.Count.Should().Be(one.Count);
        many.Infinite.Should().Be(one.Infinite);
        many.Min.Should().Be(one.Min);
        many.Max.Should().Be(one.Max);
        BitConverter.DoubleToInt64Bits(many.Mean).Should().Be(BitConverter.DoubleToInt64Bits(one.Mean));
        BitConverter.DoubleToInt64Bits(many.Variance).Should().Be(BitConverter.DoubleToInt64Bits(one.Variance));

        var finite = new Moments(); // the same without infinities: the exact sums themselves must agree
        var manyFinite = new Moments();
        var kept = column.Values.ToArray().Where((x, i) => column.IsValid(i) && double.IsFinite(x) && Math.Abs(x) < 1e100).ToArray();
        foreach (var x in kept) finite.Add(x);
        manyFinite.AddValues(kept, new Validity(ArrowBuild.FromValues(DoubleType.Default, kept.Cast<object?>().ToArray())));
        BitConverter.DoubleToInt64Bits(manyFinite.Mean).Should().Be(BitConverter.DoubleToInt64Bits(finite.Mean));
        BitConverter.DoubleToInt64Bits(manyFinite.Variance).Should().Be(BitConverter.DoubleToInt64Bits(finite.Variance));
        finite.Variance.Should().BeGreaterThan(0);
    }
}
