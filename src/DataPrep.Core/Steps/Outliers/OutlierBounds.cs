using System.Text.Json.Nodes;
using DataPrep.Definition.Binding;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Outliers;

/// <summary>One column's fitted bounds, inclusive: a value is an outlier when below <see cref="Low"/> or above <see cref="High"/>.</summary>
internal sealed record OutlierBounds(double Low, double High)
{
    /// <summary>1 / Φ⁻¹(3/4): makes the MAD a consistent estimator of σ for normal data.</summary>
    public const double MadScale = 1.482602218505602;

    public static OutlierBounds Fit(OutlierColumn spec, ColumnStatistics stats)
    {
        var none = new OutlierBounds(double.NegativeInfinity, double.PositiveInfinity);
        if (stats.Moments.Count == 0) return none;
        double center, low, high, spread;
        switch (spec.Method)
        {
            case OutlierMethod.Zscore:
                center = stats.Moments.Mean;
                spread = Math.Sqrt(stats.Moments.Variance);
                (low, high) = (center - spec.Width * spread, center + spec.Width * spread);
                break;
            case OutlierMethod.Iqr:
                var q1 = stats.Quantiles!.Quantile(0.25);
                var q3 = stats.Quantiles.Quantile(0.75);
                spread = q3 - q1;
                (low, high) = (q1 - spec.Width * spread, q3 + spec.Width * spread);
                break;
            default:
                center = stats.Quantiles!.Quantile(0.5);
                spread = MadScale * stats.Quantiles.MedianAbsoluteDeviation(center);
                (low, high) = (center - spec.Width * spread, center + spec.Width * spread);
                break;
        }
        return spread > 0 && double.IsFinite(spread) ? new OutlierBounds(low, high) : none;
    }

    public bool IsOutlier(double x) => x < Low || x > High;

    public JsonObject Save(OutlierMethod method, double width) => new()
    {
        ["method"] = EnumNames.NameOf(method),
        ["threshold"] = width,
        ["low"] = double.IsFinite(Low) ? Low : null,
        ["high"] = double.IsFinite(High) ? High : null,
    };

    public static OutlierBounds Load(JsonObject o, OutlierColumn spec, string stepId, string column)
    {
        FitJson.Expect(o, "method", EnumNames.NameOf(spec.Method), stepId, column);
        var width = FitJson.Number(o, "threshold", stepId, column);
        if (width != spec.Width)
            throw new FitArtifactException($"step {stepId}: column '{column}' was fitted with threshold {width} but the step asks for {spec.Width}");
        var low = o["low"] is null ? double.NegativeInfinity : FitJson.Number(o, "low", stepId, column);
        var high = o["high"] is null ? double.PositiveInfinity : FitJson.Number(o, "high", stepId, column);
        if (!(low <= high)) throw new FitArtifactException($"step {stepId}: column '{column}' has bounds [{low}, {high}]");
        return new OutlierBounds(low, high);
    }
}
