namespace DataPrep.Steps.Shared;

/// <summary>
/// The distribution of a column's present values, for medians and quantiles: exact
/// (<see cref="ExactQuantiles"/>, every value kept) or approximate (<see cref="KllSketch"/>, a
/// bounded sketch with a stated rank error). Both merge, so they fill per batch in parallel.
/// </summary>
internal interface IQuantileStore
{
    long Count { get; }

    void Add(double x);

    void Merge(IQuantileStore other);

    /// <summary>The <paramref name="p"/>-quantile (0..1), linearly interpolated between order statistics like numpy's default; NaN when empty.</summary>
    double Quantile(double p);

    /// <summary>The median of |x - <paramref name="center"/>| (for MAD); NaN when empty.</summary>
    double MedianAbsoluteDeviation(double center);

    /// <summary>The values (or weighted sketch items) for serialising what an approximate fit saw; not needed by exact fits.</summary>
    static IQuantileStore Create(bool approximate) => approximate ? new KllSketch() : new ExactQuantiles();
}
