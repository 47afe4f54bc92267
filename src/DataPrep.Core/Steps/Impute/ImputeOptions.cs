using DataPrep.Definition;

namespace DataPrep.Steps.Impute;

/// <summary>
/// Fills missing values per column with statistics fitted on the data as it reaches the step:
/// mean, median, mode, a constant, the previous or next present value in source order, or the
/// mean of the k nearest rows. Null is missing; so is NaN unless <c>nan_is_missing</c> is false.
/// </summary>
public sealed class ImputeOptions : IValidatableOptions
{
    /// <summary>Column → method, e.g. <c>{ income: median, country: { method: constant, value: unknown } }</c>.</summary>
    public Dictionary<string, ImputeColumn> Columns { get; set; } = [];

    /// <summary>Settings of the knn method: the feature columns distances are measured on, and k.</summary>
    public KnnOptions? Knn { get; set; }

    /// <summary>Add a boolean column <c>&lt;column&gt;&lt;indicator_suffix&gt;</c> marking the rows that were missing, for every imputed column (a column's own <c>indicator</c> overrides this).</summary>
    public bool AddIndicator { get; set; }

    /// <summary>The suffix of missing-indicator column names.</summary>
    public string IndicatorSuffix { get; set; } = "_missing";

    /// <summary>Whether NaN counts as missing in float columns (null always does).</summary>
    public bool NanIsMissing { get; set; } = true;

    /// <summary>Fit medians with a KLL sketch (normalised rank error at most 1.65%) instead of holding every value.</summary>
    public bool Approximate { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column");
        foreach (var (name, column) in Columns)
        {
            if (column.Method == ImputeMethod.Constant && column.Value is null)
                context.BadValue($"columns.{name}.value", "the constant method needs a value");
            if (column.Method != ImputeMethod.Constant && column.Value is not null)
                context.BadValue($"columns.{name}.value", "value is only for the constant method");
        }
        if (Columns.Values.Any(c => c.Method == ImputeMethod.Knn) && (Knn is null || Knn.Features.Count == 0))
            context.BadValue("knn", "the knn method needs knn.features, the numeric columns distances are measured on");
        if (string.IsNullOrEmpty(IndicatorSuffix)) context.BadValue("indicator_suffix", "must not be empty");
    }
}
