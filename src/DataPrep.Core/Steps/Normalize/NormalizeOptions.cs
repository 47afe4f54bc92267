using DataPrep.Definition;

namespace DataPrep.Steps.Normalize;

/// <summary>
/// Rescales numeric columns with statistics fitted on the data as it reaches the step (z-score,
/// min-max, robust, max-abs, quantile; log1p needs no fit), or normalizes text. Numeric outputs are
/// float64; nulls and NaN stay missing and are left out of every statistic.
/// </summary>
public sealed class NormalizeOptions : IValidatableOptions
{
    /// <summary>Column → method, e.g. <c>{ income: zscore, age: { method: min_max, range: [-1, 1] } }</c>.</summary>
    public Dictionary<string, NormalizeColumn> Columns { get; set; } = [];

    /// <summary>Fit medians and quantiles with a KLL sketch (normalised rank error at most 1.65%, about 5 KB a column) instead of holding every value (8 bytes a value).</summary>
    public bool Approximate { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column");
        foreach (var (name, column) in Columns) column.Check($"columns.{name}", context);
    }
}
