using DataPrep.Definition;

namespace DataPrep.Steps.Outliers;

/// <summary>
/// Finds values outside bounds fitted on the data as it reaches the step (z-score, IQR or MAD) and
/// clips them, quarantines their rows (reason <c>outliers.&lt;method&gt;</c>), sets them to null
/// (so that a later impute fills them) or flags them in a boolean column. Missing values (null,
/// NaN) are never outliers and are left out of the fit.
/// </summary>
public sealed class OutliersOptions : IValidatableOptions
{
    /// <summary>Column → method, e.g. <c>{ income: iqr, age: { method: zscore, threshold: 4, action: flag } }</c>.</summary>
    public Dictionary<string, OutlierColumn> Columns { get; set; } = [];

    /// <summary>What happens to an outlier unless its column says otherwise.</summary>
    public OutlierAction Action { get; set; } = OutlierAction.Clip;

    /// <summary>The suffix of flag column names (<c>&lt;column&gt;&lt;flag_suffix&gt;</c>, boolean, true for an outlier).</summary>
    public string FlagSuffix { get; set; } = "_outlier";

    /// <summary>Fit medians, quartiles and MAD with a KLL sketch (normalised rank error at most 1.65%) instead of holding every value.</summary>
    public bool Approximate { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column");
        foreach (var (name, column) in Columns)
            if (column.Threshold is { } t && !(t > 0 && double.IsFinite(t))) context.BadValue($"columns.{name}.threshold", "must be a positive number");
        if (string.IsNullOrEmpty(FlagSuffix)) context.BadValue("flag_suffix", "must not be empty");
    }
}
