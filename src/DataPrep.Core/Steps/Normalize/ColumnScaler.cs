using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using DataPrep.Definition.Binding;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Normalize;

/// <summary>
/// One column's fitted numeric transform, with scikit-learn's formulas (so the golden tests can
/// hold it to 1e-9). A scale below 10 machine epsilons is taken as 1 (scikit-learn's
/// <c>_handle_zeros_in_scale</c>). A column with no present value at fit time gets the identity
/// (quantile: the middle of the output distribution).
/// </summary>
internal sealed class ColumnScaler
{
    private const double BoundsThreshold = 1e-7; // scikit-learn's QuantileTransformer BOUNDS_THRESHOLD

    private NormalizeMethod _method;
    private double _center;
    private double _scale = 1;
    private double _offset;
    private double[] _quantiles = [];
    private double[] _references = [];
    private QuantileOutput _output;

    public static ColumnScaler Fit(NormalizeColumn spec, ColumnStatistics stats)
    {
        var s = new ColumnScaler { _method = spec.Method, _output = spec.Output };
        var m = stats.Moments;
        var empty = m.Count == 0;
        switch (spec.Method)
        {
            case NormalizeMethod.Zscore when !empty:
                s._center = m.Mean;
                s._scale = NonZero(Math.Sqrt(m.Variance));
                break;
            case NormalizeMethod.MinMax:
                var range = empty ? 1 : NonZero(m.Max - m.Min);
                s._scale = (spec.RangeMax - spec.RangeMin) / range;
                s._offset = spec.RangeMin - (empty ? 0 : m.Min) * s._scale;
                break;
            case NormalizeMethod.Robust when !empty:
                s._center = stats.Quantiles!.Quantile(0.5);
                s._scale = NonZero(stats.Quantiles.Quantile(0.75) - stats.Quantiles.Quantile(0.25));
                break;
            case NormalizeMethod.MaxAbs when !empty:
                s._scale = NonZero(m.MaxAbs);
                break;
            case NormalizeMethod.Quantile when !empty:
                // As QuantileTransformer: n_quantiles capped by the rows seen (missing ones included).
                var n = (int)Math.Max(1, Math.Min(spec.Quantiles, stats.Rows));
                s._references = new double[n];
                s._quantiles = new double[n];
                for (var i = 0; i < n; i++)
                {
                    s._references[i] = n == 1 ? 0 : i == n - 1 ? 1 : i * (1.0 / (n - 1));
                    s._quantiles[i] = stats.Quantiles!.Quantile(s._references[i]);
                    if (i > 0 && s._quantiles[i] < s._quantiles[i - 1]) s._quantiles[i] = s._quantiles[i - 1]; // monotone, as scikit-learn makes it
                }
                break;
        }
        return s;
    }

    private const double MachineEpsilon = 2.220446049250313e-16; // numpy's finfo(float64).eps

    private static double NonZero(double scale) => !double.IsFinite(scale) || scale < 10 * MachineEpsilon ? 1 : scale;

    /// <summary>The transformed value; NaN passes through.</summary>
    public double Transform(double x) => _method switch
    {
        NormalizeMethod.Zscore or NormalizeMethod.Robust => (x - _center) / _scale,
        NormalizeMethod.MinMax => x * _scale + _offset,
        NormalizeMethod.MaxAbs => x / _scale,
        NormalizeMethod.Log1p => x <= -1 ? double.NaN : LogOnePlus(x),
        NormalizeMethod.Quantile => QuantileOf(x),
        _ => x,
    };

    /// <summary>
    /// <see cref="Transform(double)"/> of every value, the method chosen once instead of per value
    /// (the same arithmetic, so the same bits). Not for log1p, which turns some values into nulls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transform(ReadOnlySpan<double> values, Span<double> result)
    {
        values = values[..result.Length];
        switch (_method)
        {
            case NormalizeMethod.Zscore or NormalizeMethod.Robust:
                for (var i = 0; i < result.Length; i++) result[i] = (values[i] - _center) / _scale;
                break;
            case NormalizeMethod.MinMax:
                for (var i = 0; i < result.Length; i++) result[i] = values[i] * _scale + _offset;
                break;
            case NormalizeMethod.MaxAbs:
                for (var i = 0; i < result.Length; i++) result[i] = values[i] / _scale;
                break;
            case NormalizeMethod.Log1p:
                throw new InvalidOperationException("log1p maps values to nulls; transform it value by value");
            default:
                for (var i = 0; i < result.Length; i++) result[i] = Transform(values[i]);
                break;
        }
    }

    public bool MakesNulls => _method == NormalizeMethod.Log1p;

    // log(1 + x) computed naively loses digits near 0 (and .NET's LogP1 is naive): Goldberg's
    // correction divides out the rounding of 1 + x, leaving a few ulps of error.
    public static double LogOnePlus(double x)
    {
        if (double.IsPositiveInfinity(x)) return x;
        var u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }

    private double QuantileOf(double x)
    {
        if (double.IsNaN(x)) return x;
        var q = _quantiles;
        double y;
        if (q.Length == 0)
        {
            y = 0.5;
        }
        else
        {
            // The mean of interpolating upward and downward, so that repeated quantiles map to the middle of their references.
            y = 0.5 * (Interp(x, q, _references) - InterpReversed(-x, q, _references));
            // As scikit-learn: the normal output snaps values within 1e-7 of the ends; the uniform output only exact ends.
            if (_output == QuantileOutput.Normal)
            {
                if (x + BoundsThreshold > q[^1]) y = 1;
                if (x - BoundsThreshold < q[0]) y = 0;
            }
            else
            {
                if (x == q[^1]) y = 1;
                if (x == q[0]) y = 0;
            }
        }
        if (_output == QuantileOutput.Uniform) return y;
        return Math.Clamp(NormalQuantile.Of(y), NormalQuantile.Of(BoundsThreshold - MachineEpsilon), NormalQuantile.Of(1 - (BoundsThreshold - MachineEpsilon)));
    }

    /// <summary>numpy's interp(x, xp, fp) for increasing xp (repeats allowed).</summary>
    private static double Interp(double x, double[] xp, double[] fp)
    {
        if (x < xp[0]) return fp[0];
        if (x >= xp[^1]) return fp[^1];
        // j: the last index with xp[j] <= x.
        int lo = 0, hi = xp.Length - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) lo = mid; else hi = mid;
        }
        var slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
        return slope * (x - xp[lo]) + fp[lo];
    }

    /// <summary>numpy's interp(x, -xp[::-1], -fp[::-1]) without building the reversed arrays.</summary>
    private static double InterpReversed(double x, double[] xp, double[] fp)
    {
        var n = xp.Length;
        double X(int i) => -xp[n - 1 - i];
        double F(int i) => -fp[n - 1 - i];
        if (x < X(0)) return F(0);
        if (x >= X(n - 1)) return F(n - 1);
        int lo = 0, hi = n - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) >>> 1;
            if (X(mid) <= x) lo = mid; else hi = mid;
        }
        var slope = (F(lo + 1) - F(lo)) / (X(lo + 1) - X(lo));
        return slope * (x - X(lo)) + F(lo);
    }

    public JsonObject Save()
    {
        var o = new JsonObject { ["method"] = EnumNames.NameOf(_method) };
        switch (_method)
        {
            case NormalizeMethod.Zscore or NormalizeMethod.Robust:
                o["center"] = _center;
                o["scale"] = _scale;
                break;
            case NormalizeMethod.MinMax:
                o["scale"] = _scale;
                o["offset"] = _offset;
                break;
            case NormalizeMethod.MaxAbs:
                o["scale"] = _scale;
                break;
            case NormalizeMethod.Quantile:
                o["output"] = EnumNames.NameOf(_output);
                o["quantiles"] = FitJson.Array(_quantiles);
                o["references"] = FitJson.Array(_references);
                break;
        }
        return o;
    }

    public static ColumnScaler Load(JsonObject o, NormalizeColumn spec, string stepId, string column)
    {
        FitJson.Expect(o, "method", EnumNames.NameOf(spec.Method), stepId, column);
        var s = new ColumnScaler { _method = spec.Method, _output = spec.Output };
        switch (spec.Method)
        {
            case NormalizeMethod.Zscore or NormalizeMethod.Robust:
                s._center = FitJson.Number(o, "center", stepId, column);
                s._scale = FitJson.Number(o, "scale", stepId, column);
                break;
            case NormalizeMethod.MinMax:
                s._scale = FitJson.Number(o, "scale", stepId, column);
                s._offset = FitJson.Number(o, "offset", stepId, column);
                break;
            case NormalizeMethod.MaxAbs:
                s._scale = FitJson.Number(o, "scale", stepId, column);
                break;
            case NormalizeMethod.Quantile:
                FitJson.Expect(o, "output", EnumNames.NameOf(spec.Output), stepId, column);
                s._quantiles = FitJson.Numbers(o, "quantiles", stepId, column);
                s._references = FitJson.Numbers(o, "references", stepId, column);
                if (s._quantiles.Length != s._references.Length)
                    throw new FitArtifactException($"step {stepId}: column '{column}' has {s._quantiles.Length} quantiles but {s._references.Length} references");
                break;
        }
        if (!(s._scale != 0 && double.IsFinite(s._scale)))
            throw new FitArtifactException($"step {stepId}: column '{column}' has scale {s._scale}; a fit never saves a zero or non-finite scale");
        return s;
    }
}
