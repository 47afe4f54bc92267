using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Shared;

/// <summary>
/// Mergeable statistics of one numeric column: moments always, a quantile store when the fit needs
/// medians or quantiles (exact, or a KLL sketch when <c>approximate</c>).
/// </summary>
internal sealed class ColumnStatistics
{
    public ColumnStatistics(bool quantiles, bool approximate)
    {
        if (quantiles) Quantiles = IQuantileStore.Create(approximate);
    }

    public Moments Moments { get; } = new();

    public IQuantileStore? Quantiles { get; }

    /// <summary>Rows seen, present or not (scikit-learn's n_samples).</summary>
    public long Rows { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(IArrowArray array, bool nanIsMissing)
    {
        var n = array.Length;
        Rows += n;
        if (array is DoubleArray doubles)
        {
            AddDoubles(doubles);
            return;
        }
        var values = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        var present = System.Buffers.ArrayPool<bool>.Shared.Rent(n);
        try
        {
            NumericColumn.Read(array, values, present, nanIsMissing);
            for (var i = 0; i < n; i++)
            {
                if (!present[i]) continue;
                var x = values[i];
                if (double.IsNaN(x)) continue; // NaN kept as a value is still no number to average
                Moments.Add(x);
                Quantiles?.Add(x);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(values);
            System.Buffers.ArrayPool<bool>.Shared.Return(present);
        }
    }

    // Straight from the Arrow buffers: a NaN is no number to average whether or not it counts as
    // missing, so the only test a value needs is its validity bit (as in MeanSum).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddDoubles(DoubleArray array)
    {
        var values = array.Values;
        var valid = new Validity(array);
        Moments.AddValues(values, valid);
        if (Quantiles is not { } quantiles) return;
        for (var i = 0; i < values.Length; i++)
            if (!double.IsNaN(values[i]) && valid.IsValid(i)) quantiles.Add(values[i]);
    }

    /// <summary>Values seen as missing (null or NaN), or kept out as NaN: <see cref="Rows"/> less the present numbers.</summary>
    public long Missing => Rows - Moments.Count;

    /// <summary>
    /// Counts every missing value seen so far as <paramref name="value"/>: the statistics then equal
    /// those of the same rows after an imputation that filled them with it (exact sums, so bit for bit).
    /// Only an exact quantile store can take it; a sketch depends on the order values came in.
    /// </summary>
    public void FillMissing(double value)
    {
        if (double.IsNaN(value)) return; // a NaN fill is still no number
        if (Quantiles is not (null or ExactQuantiles))
            throw new InvalidOperationException("missing values can be filled into exact statistics only");
        var missing = Missing;
        Moments.AddRepeated(value, missing);
        (Quantiles as ExactQuantiles)?.AddRepeated(value, missing);
    }

    public void Merge(ColumnStatistics other)
    {
        Rows += other.Rows;
        Moments.Merge(other.Moments);
        Quantiles?.Merge(other.Quantiles!);
    }
}

/// <summary>Statistics of several columns, one <see cref="ColumnStatistics"/> each, in a fixed order.</summary>
internal sealed class ColumnsStatistics(ColumnStatistics[] columns) : IStatistics
{
    public ColumnStatistics[] Columns { get; } = columns;

    public void Merge(IStatistics other)
    {
        var o = (ColumnsStatistics)other;
        for (var i = 0; i < Columns.Length; i++) Columns[i].Merge(o.Columns[i]);
    }
}
