using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps.Impute;
using DataPrep.Steps.Shared;

namespace DataPrep.Tests.Steps.Impute;

/// <summary>
/// Impute's mean fill keeps only a count and an exact sum; these tests hold it to the mean of the
/// full statistics it replaced (<see cref="ColumnStatistics"/>), bit for bit, on the values that
/// make means hard: NaN, nulls, infinities, subnormals, large and cancelling magnitudes.
/// </summary>
public sealed class MeanSumTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Mean_DoublesInAnyBatches_SameBitsAsColumnStatistics(int seed, bool nanIsMissing)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 3000).Select(_ => Value(random, seed)).ToArray();
        var column = ArrowBuild.FromValues(DoubleType.Default, values);

        var expected = new ColumnStatistics(false, false);
        expected.Add(column, nanIsMissing);
        // The same rows cut into uneven, sliced batches, merged in another order.
        var parts = new List<MeanSum>();
        for (var start = 0; start < values.Length;)
        {
            var length = Math.Min(random.Next(1, 700), values.Length - start);
            var part = new MeanSum();
            part.Add(ArrowArrayFactory.Slice(column, start, length), nanIsMissing);
            parts.Add(part);
            start += length;
        }
        var merged = new MeanSum();
        foreach (var part in Enumerable.Reverse(parts)) merged.Merge(part);

        BitConverter.DoubleToInt64Bits(merged.Mean).Should().Be(BitConverter.DoubleToInt64Bits(expected.Moments.Count == 0 ? double.NaN : expected.Moments.Mean));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.NegativeInfinity)]
    public void Mean_Infinities_SameAsColumnStatistics(double a, double b)
    {
        ShouldMatchColumnStatistics(ArrowBuild.FromValues(DoubleType.Default, [1.0, a, null, 2.0, b]));
    }

    [Fact]
    public void Mean_IntegersAndDates_ReadAsNumbersLikeColumnStatistics()
    {
        IArrowArray[] columns =
        [
            ArrowBuild.FromValues(Int64Type.Default, [3L, null, -7L, long.MaxValue / 3, 5L]),
            ArrowBuild.FromValues(Date32Type.Default, [new DateOnly(2020, 1, 1), null, new DateOnly(1969, 7, 20)]),
        ];
        foreach (var column in columns) ShouldMatchColumnStatistics(column);
    }

    /// <summary>MeanSum's mean of the column is exactly the mean ColumnStatistics computes.</summary>
    private static void ShouldMatchColumnStatistics(IArrowArray column)
    {
        var expected = new ColumnStatistics(false, false);
        expected.Add(column, true);
        var mean = new MeanSum();
        mean.Add(column, true);
        mean.Mean.Should().Be(expected.Moments.Mean);
    }

    [Fact]
    public void Mean_NothingPresent_IsNaN()
    {
        var mean = new MeanSum();
        mean.Add(ArrowBuild.FromValues(DoubleType.Default, [null, double.NaN]), true);
        double.IsNaN(mean.Mean).Should().BeTrue();
    }

    private static object? Value(Random random, int seed) => random.Next(12) switch
    {
        0 => null,
        1 => double.NaN,
        2 => double.Epsilon * random.Next(1, 100),
        3 => (random.NextDouble() - 0.5) * 1e300,
        4 when seed == 3 => 1e16, // cancels with the next
        5 when seed == 3 => -1e16,
        _ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-5, 6)),
    };
}
