using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class StableRandomTests
{
    [Fact]
    public void Draws_SameKeySame_OtherKeysDiffer()
    {
        var a = new StableRandom(42, "step", new RowId(0, 7));
        var b = new StableRandom(42, "step", new RowId(0, 7));
        var otherRow = new StableRandom(42, "step", new RowId(0, 8));
        var otherStep = new StableRandom(42, "other", new RowId(0, 7));
        var otherSeed = new StableRandom(43, "step", new RowId(0, 7));

        var first = a.NextUInt64();
        first.Should().Be(b.NextUInt64());
        new[] { otherRow.NextUInt64(), otherStep.NextUInt64(), otherSeed.NextUInt64() }.Should().NotContain(first);
        a.NextUInt64().Should().NotBe(first, "a stream moves on with every draw");
    }

    [Fact]
    public void Draws_UniformAndBounded()
    {
        const int n = 200_000;
        var counts = new int[10];
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < n; i++)
        {
            var random = new StableRandom(1, "s", new RowId(0, i));
            var u = random.NextDouble();
            u.Should().BeInRange(0.0, 1.0).And.BeLessThan(1.0);
            counts[random.NextBelow(10)]++;
            var g = random.NextGaussian();
            sum += g;
            sumSquares += g * g;
        }
        counts.Should().OnlyContain(c => Math.Abs(c - n / 10) < 1_000, "each of 10 buckets expects 20,000 ± 4.5 sigma");
        (sum / n).Should().BeApproximately(0, 0.01);
        (sumSquares / n).Should().BeApproximately(1, 0.02);
    }
}
