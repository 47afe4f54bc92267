using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps.Normalize;
using DataPrep.Steps.Shared;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Normalize;

/// <summary>
/// Normalize writes a float64 column straight into its output buffer; the value-by-value path
/// through scratch arrays is the reference, and the two must agree bit for bit: values, validity,
/// the value under a null, NaN passed through, and the null a transform makes of an infinity.
/// </summary>
public sealed class NormalizeDoublesTests
{
    public static TheoryData<string> Methods => ["zscore", "min_max", "max_abs", "robust", "quantile"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Doubles_SlicedColumnWithNullsNaNAndInfinities_SameAsByValue(string method)
    {
        var random = new Random(method.Length);
        var values = Enumerable.Range(0, 1000).Select(i => random.Next(9) switch
        {
            0 => null,
            1 => double.NaN,
            2 => double.PositiveInfinity,
            3 => double.NegativeInfinity,
            _ => (object)((random.NextDouble() - 0.3) * 50),
        }).ToArray();
        var column = (DoubleArray)ArrowArrayFactory.Slice(ArrowBuild.FromValues(DoubleType.Default, values), 11, 950);

        foreach (var fittedOn in new[] { column, Finite(values) })
        {
            var scaler = Fit(method, fittedOn);
            var direct = NormalizeStep.Doubles(column, scaler);
            var reference = NormalizeStep.ByValue(column, scaler);

            direct.NullCount.Should().Be(reference.NullCount);
            for (var i = 0; i < column.Length; i++)
            {
                direct.IsNull(i).Should().Be(reference.IsNull(i), $"row {i}");
                BitConverter.DoubleToInt64Bits(direct.Values[i]).Should().Be(BitConverter.DoubleToInt64Bits(reference.Values[i]), $"row {i}");
            }
        }
    }

    [Fact]
    public void Doubles_InfiniteCenter_TheInfinityItCancelsBecomesNull()
    {
        var column = (DoubleArray)ArrowBuild.FromValues(DoubleType.Default, [1.0, double.PositiveInfinity, 2.0]);
        var scaler = Fit("zscore", column); // mean +inf

        var result = NormalizeStep.Doubles(column, scaler);

        result.IsNull(1).Should().BeTrue();
        result.NullCount.Should().Be(1);
        result.GetValue(0).Should().Be(double.NegativeInfinity);
    }

    private static DoubleArray Finite(object?[] values) =>
        (DoubleArray)ArrowBuild.FromValues(DoubleType.Default, values.Where(v => v is double d && double.IsFinite(d)).ToArray());

    private static ColumnScaler Fit(string method, DoubleArray column)
    {
        var spec = new NormalizeColumn { Method = (NormalizeMethod)DataPrep.Definition.Binding.EnumNames.Of(typeof(NormalizeMethod))[method], Quantiles = 20 };
        var stats = new ColumnStatistics(method is "robust" or "quantile", false);
        stats.Add(column, nanIsMissing: true);
        return ColumnScaler.Fit(spec, stats);
    }

    [Fact]
    public void Doubles_IntoRecycledArray_SameBitsAsIntoANewOne()
    {
        var values = Enumerable.Range(0, 20_000).Select(i => i % 9 == 0 ? null : (object)(i * 0.37 - 900)).ToArray();
        var column = (DoubleArray)ArrowBuild.FromValues(DoubleType.Default, values);
        var scaler = Fit("zscore", column);
        var recycler = TestRecyclers.Dirty();

        var recycled = NormalizeStep.Doubles(column, scaler, recycler);

        recycler.Reused.Should().Be(1);
        var fresh = NormalizeStep.Doubles(column, scaler);
        recycled.Length.Should().Be(fresh.Length);
        recycled.NullCount.Should().Be(fresh.NullCount);
        Enumerable.Range(0, recycled.Length).Select(recycled.IsValid).Should().Equal(Enumerable.Range(0, fresh.Length).Select(fresh.IsValid));
        recycled.Values.ToArray().Select(BitConverter.DoubleToInt64Bits).Should().Equal(fresh.Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }
}
