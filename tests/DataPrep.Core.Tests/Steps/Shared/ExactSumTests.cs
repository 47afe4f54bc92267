using System.Numerics;
using DataPrep.Steps.Shared;

namespace DataPrep.Tests.Steps.Shared;

public sealed class ExactSumTests
{
    [Fact]
    public void Add_ValuesThatCancelInDoubles_KeepsEveryBit()
    {
        var sum = new ExactSum();
        foreach (var x in new[] { 1e100, 1.0, -1e100, 1e-300, double.Epsilon }) sum.Add(x);
        // 1 + 1e-300 + 2^-1074, exactly: a double sum would give 0 (1e100 swallows 1).
        var expected = (BigInteger.One << ExactSum.Scale) + Scaled(1e-300) + Scaled(double.Epsilon);
        sum.ToInteger().Should().Be(expected);
    }

    [Fact]
    public void Add_RandomDoublesOfEveryScale_EqualsTheBigIntegerSum()
    {
        // Random bit patterns: every exponent (subnormals and the largest included), both signs,
        // every shift of the mantissa within its 32-bit chunk.
        var random = new Random(11);
        var sum = new ExactSum();
        var expected = BigInteger.Zero;
        for (var i = 0; i < 20_000; i++)
        {
            var x = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (!double.IsFinite(x)) continue;
            sum.Add(x);
            expected += x < 0 ? -Scaled(-x) : Scaled(x);
        }
        sum.ToInteger().Should().Be(expected);
    }

    [Fact]
    public void Merge_AnyGrouping_GivesTheSameInteger()
    {
        var values = Enumerable.Range(0, 5000).Select(i => Math.Sin(i) * Math.Pow(10, i % 30 - 15)).ToArray();
        var one = new ExactSum();
        foreach (var v in values) one.Add(v);
        foreach (var size in new[] { 1, 7, 333 })
        {
            var merged = new ExactSum();
            for (var start = 0; start < values.Length; start += size)
            {
                var part = new ExactSum();
                foreach (var v in values.Skip(start).Take(size).Reverse()) part.Add(v);
                merged.Merge(part);
            }
            merged.ToInteger().Should().Be(one.ToInteger(), $"batches of {size}");
        }
    }

    [Fact]
    public void Reserve_ManyTimesBetweenAdds_CarriesAndKeepsTheExactSum()
    {
        // Each Reserve counts half the adds allowed between carries, so the second and later ones carry
        // first; the values added in between are the largest a chunk takes, all of one sign.
        var random = new Random(3);
        var sum = new ExactSum();
        var expected = BigInteger.Zero;
        for (var round = 0; round < 5; round++)
        {
            ref var limbs = ref sum.Reserve(ExactSum.MaxReserve);
            for (var i = 0; i < 1000; i++)
            {
                var x = -(1.0 + random.NextDouble()) * Math.Pow(2, random.Next(-40, 40));
                ExactSum.AddTo(ref limbs, x);
                expected -= Scaled(-x);
            }
            sum.Add(0.5);
            expected += Scaled(0.5);
        }
        sum.ToInteger().Should().Be(expected);
    }

    [Fact]
    public void Ratio_IsWithinOneUlp()
    {
        ExactSum.Ratio(1, 3).Should().Be(1.0 / 3);
        ExactSum.Ratio(-22, 7).Should().Be(-22.0 / 7);
        ExactSum.Ratio(BigInteger.Pow(10, 400), BigInteger.Pow(10, 399)).Should().Be(10);
    }

    private static BigInteger Scaled(double x)
    {
        // x * 2^Scale as an integer (exact for these inputs).
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = (bits & 0xF_FFFF_FFFF_FFFFL) | (exponent == 0 ? 0 : 1L << 52);
        var shift = Math.Max(exponent, 1) - 1075 + ExactSum.Scale;
        return new BigInteger(mantissa) << shift;
    }
}
