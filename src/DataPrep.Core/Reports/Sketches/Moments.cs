namespace DataPrep.Reports.Sketches;

/// <summary>
/// Count, mean, variance, min and max, mergeable (Chan, Golub and LeVeque's parallel update of
/// Welford's running sums). Batches are summed in two passes over a span, then merged in.
/// </summary>
public sealed class Moments
{
    public long Count { get; private set; }

    public double Mean { get; private set; }

    /// <summary>Sum of squared deviations from the mean.</summary>
    public double M2 { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Variance => Count > 1 ? M2 / (Count - 1) : 0;

    public double StdDev => Math.Sqrt(Variance);

    public void Add(double x)
    {
        Count++;
        var delta = x - Mean;
        Mean += delta / Count;
        M2 += delta * (x - Mean);
        if (x < Min) Min = x;
        if (x > Max) Max = x;
    }

    /// <summary>Adds a batch of finite values.</summary>
    public void AddRange(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            sum += v;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        var mean = sum / values.Length;
        double m2 = 0;
        foreach (var v in values) m2 += (v - mean) * (v - mean);
        Combine(values.Length, mean, m2, min, max);
    }

    public void Merge(Moments other) => Combine(other.Count, other.Mean, other.M2, other.Min, other.Max);

    private void Combine(long n, double mean, double m2, double min, double max)
    {
        if (n == 0) return;
        if (Count == 0)
        {
            (Count, Mean, M2, Min, Max) = (n, mean, m2, min, max);
            return;
        }
        var total = Count + n;
        var delta = mean - Mean;
        Mean += delta * n / total;
        M2 += m2 + delta * delta * Count * n / total;
        Count = total;
        if (min < Min) Min = min;
        if (max > Max) Max = max;
    }
}
