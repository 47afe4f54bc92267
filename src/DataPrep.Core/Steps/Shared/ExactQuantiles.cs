namespace DataPrep.Steps.Shared;

/// <summary>
/// Exact quantiles: every present value is kept (8 bytes a value) and sorted once when first
/// asked. Sorting makes the result independent of the order values arrived in.
/// </summary>
internal sealed class ExactQuantiles : IQuantileStore
{
    private double[] _values = [];
    private int _count;
    private bool _sorted = true;

    public long Count => _count;

    public void Add(double x)
    {
        if (_count == _values.Length) Array.Resize(ref _values, Math.Max(16, _values.Length * 2));
        _values[_count++] = x;
        _sorted = false;
    }

    public void AddRepeated(double x, long times)
    {
        if (times <= 0) return;
        var count = checked((int)(_count + times));
        if (count > _values.Length) Array.Resize(ref _values, Math.Max(count, _values.Length * 2));
        _values.AsSpan(_count, (int)times).Fill(x);
        _count = count;
        _sorted = false;
    }

    public void Merge(IQuantileStore other)
    {
        var o = (ExactQuantiles)other;
        if (o._count == 0) return;
        if (_count + o._count > _values.Length) Array.Resize(ref _values, Math.Max(_count + o._count, _values.Length * 2));
        Array.Copy(o._values, 0, _values, _count, o._count);
        _count += o._count;
        _sorted = false;
    }

    public double Quantile(double p) => Interpolate(Sorted(), p);

    public double MedianAbsoluteDeviation(double center)
    {
        var sorted = Sorted();
        var deviations = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++) deviations[i] = Math.Abs(sorted[i] - center);
        Array.Sort(deviations);
        return Interpolate(deviations, 0.5);
    }

    /// <summary>The sorted values.</summary>
    public ReadOnlySpan<double> Values => Sorted();

    private ReadOnlySpan<double> Sorted()
    {
        if (!_sorted)
        {
            Array.Sort(_values, 0, _count);
            _sorted = true;
        }
        return _values.AsSpan(0, _count);
    }

    /// <summary>numpy's "linear" percentile on sorted values, including its two-sided lerp for t >= 0.5.</summary>
    public static double Interpolate(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = p * (sorted.Length - 1);
        var below = Math.Clamp((int)Math.Floor(position), 0, sorted.Length - 1);
        var above = Math.Min(below + 1, sorted.Length - 1);
        var t = position - below;
        double a = sorted[below], b = sorted[above];
        var diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }
}
