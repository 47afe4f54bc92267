using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>
/// What a mean fill needs of a column: the count and the exact sum of its present values, nothing
/// else. <see cref="ColumnStatistics"/> also sums squares (two more exact adds a value) and tracks
/// the minimum and maximum, which a mean never reads; on the reference workload's six mean columns
/// that was two thirds of impute's fitting. <see cref="Mean"/> is <see cref="Moments.Mean"/>'s
/// formula on the same exact integers, so the fill is the same double, bit for bit.
/// </summary>
internal sealed class MeanSum
{
    private readonly ExactSum _sum = new();
    private long _count;
    private long _infinite;
    private double _infiniteSum;

    public void Add(IArrowArray array, bool nanIsMissing)
    {
        if (array is DoubleArray doubles)
        {
            AddDoubles(doubles);
            return;
        }
        var n = array.Length;
        var values = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        var present = System.Buffers.ArrayPool<bool>.Shared.Rent(n);
        try
        {
            NumericColumn.Read(array, values, present, nanIsMissing);
            for (var i = 0; i < n; i++)
                if (present[i]) Add(values[i]);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(values);
            System.Buffers.ArrayPool<bool>.Shared.Return(present);
        }
    }

    // Straight from the Arrow buffers: NaN is no number to average whether or not it counts as
    // missing, so the only test a value needs is its validity bit.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddDoubles(DoubleArray array)
    {
        var values = array.Values;
        var valid = new Validity(array);
        for (var start = 0; start < values.Length; start += ExactSum.MaxReserve)
        {
            var end = (int)Math.Min(values.Length, (long)start + ExactSum.MaxReserve);
            ref var sum = ref _sum.Reserve(end - start); // the count of adds kept out of the loop (see Moments.AddValues)
            long count = 0;
            for (var i = start; i < end; i++)
            {
                var x = values[i];
                if (double.IsNaN(x) || !valid.IsValid(i)) continue;
                count++;
                if (double.IsFinite(x)) ExactSum.AddTo(ref sum, x);
                else
                {
                    _infinite++;
                    _infiniteSum += x;
                }
            }
            _count += count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the per-value loop of Add (see ExactSum.Add)
    private void Add(double x)
    {
        if (double.IsNaN(x)) return;
        _count++;
        if (double.IsFinite(x)) _sum.Add(x);
        else
        {
            _infinite++;
            _infiniteSum += x;
        }
    }

    public void Merge(MeanSum other)
    {
        _count += other._count;
        _infinite += other._infinite;
        _infiniteSum += other._infiniteSum;
        _sum.Merge(other._sum);
    }

    /// <summary>The mean of the present values, as <see cref="Moments.Mean"/> computes it; NaN when there are none.</summary>
    public double Mean
    {
        get
        {
            if (_count == 0) return double.NaN;
            if (_infinite > 0 && !double.IsFinite(_infiniteSum)) return _infiniteSum;
            return ExactSum.Ratio(_sum.ToInteger(), new System.Numerics.BigInteger(_count) << ExactSum.Scale);
        }
    }
}
