using System.Numerics;
using System.Runtime.CompilerServices;
using DataPrep.Data;

namespace DataPrep.Steps.Shared;

/// <summary>
/// Count, exact sum, exact sum of squares, minimum and maximum of a column's present values.
/// Sums are exact (<see cref="ExactSum"/>; squares split exactly with a fused multiply-add), so the
/// mean and the population variance are computed once, at the end, from exact integers: no
/// cancellation (the weakness of a naive sum of squares) and, unlike Chan's pairwise merge, the same
/// bits whatever the grouping of rows into batches.
/// </summary>
internal sealed class Moments
{
    private readonly ExactSum _sum = new();
    private readonly ExactSum _squares = new();

    public long Count { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Infinite values seen (they make the mean and variance non-finite).</summary>
    public long Infinite { get; private set; }

    private double _infiniteSum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the per-value loops (see ExactSum.Add)
    public void Add(double x)
    {
        Count++;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        if (!double.IsFinite(x))
        {
            Infinite++;
            _infiniteSum += x;
            return;
        }
        _sum.Add(x);
        var square = x * x;
        if (double.IsInfinity(square))
        {
            Infinite++;
            return;
        }
        _squares.Add(square);
        _squares.Add(Math.FusedMultiplyAdd(x, x, -square)); // the rounding error of x*x, exactly
    }

    /// <summary>
    /// Adds each value of <paramref name="values"/> that is valid and not NaN: the same as
    /// <see cref="Add"/> value by value, bit for bit. The count, minimum and maximum stay in locals
    /// and the sums' count of adds is reserved once a chunk, so the loop's only stores are the sums'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddValues(ReadOnlySpan<double> values, Validity valid)
    {
        const int Chunk = ExactSum.MaxReserve / 2; // two adds a value into the squares
        for (var start = 0; start < values.Length; start += Chunk)
        {
            var end = (int)Math.Min(values.Length, (long)start + Chunk);
            ref var sum = ref _sum.Reserve(end - start);
            ref var squares = ref _squares.Reserve(2 * (end - start));
            long count = 0;
            double min = Min, max = Max;
            for (var i = start; i < end; i++)
            {
                var x = values[i];
                if (double.IsNaN(x) || !valid.IsValid(i)) continue;
                count++;
                if (x < min) min = x;
                if (x > max) max = x;
                if (!double.IsFinite(x))
                {
                    Infinite++;
                    _infiniteSum += x;
                    continue;
                }
                ExactSum.AddTo(ref sum, x);
                var square = x * x;
                if (double.IsInfinity(square))
                {
                    Infinite++;
                    continue;
                }
                ExactSum.AddTo(ref squares, square);
                ExactSum.AddTo(ref squares, Math.FusedMultiplyAdd(x, x, -square)); // the rounding error of x*x, exactly
            }
            Count += count;
            Min = min;
            Max = max;
        }
    }

    /// <summary>The same as <paramref name="times"/> calls of <see cref="Add"/> with <paramref name="x"/>, bit for bit.</summary>
    public void AddRepeated(double x, long times)
    {
        if (times <= 0) return;
        Count += times;
        if (x < Min) Min = x;
        if (x > Max) Max = x;
        if (!double.IsFinite(x))
        {
            Infinite += times;
            _infiniteSum += x; // x + x + … is x for an infinity, and NaN stays NaN
            return;
        }
        _sum.AddRepeated(x, times);
        var square = x * x;
        if (double.IsInfinity(square))
        {
            Infinite += times;
            return;
        }
        _squares.AddRepeated(square, times);
        _squares.AddRepeated(Math.FusedMultiplyAdd(x, x, -square), times);
    }

    public void Merge(Moments other)
    {
        Count += other.Count;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        Infinite += other.Infinite;
        _infiniteSum += other._infiniteSum;
        _sum.Merge(other._sum);
        _squares.Merge(other._squares);
    }

    /// <summary>The mean of the present values; NaN when there are none.</summary>
    public double Mean
    {
        get
        {
            if (Count == 0) return double.NaN;
            if (Infinite > 0 && !double.IsFinite(_infiniteSum)) return _infiniteSum;
            return ExactSum.Ratio(_sum.ToInteger(), new BigInteger(Count) << ExactSum.Scale);
        }
    }

    /// <summary>The population variance (divided by n, as scikit-learn's StandardScaler); NaN when there are no values.</summary>
    public double Variance
    {
        get
        {
            if (Count == 0) return double.NaN;
            if (Infinite > 0) return double.PositiveInfinity;
            // var = (n S2 - S1^2) / n^2 with S1 = A 2^-s and S2 = B 2^-s: (n B 2^s - A^2) / (n^2 2^2s), all exact.
            var a = _sum.ToInteger();
            var b = _squares.ToInteger();
            var n = new BigInteger(Count);
            var numerator = ((n * b) << ExactSum.Scale) - a * a;
            if (numerator.Sign <= 0) return 0;
            return ExactSum.Ratio(numerator, (n * n) << (2 * ExactSum.Scale));
        }
    }

    public double MaxAbs => Count == 0 ? double.NaN : Math.Max(Math.Abs(Min), Math.Abs(Max));
}
