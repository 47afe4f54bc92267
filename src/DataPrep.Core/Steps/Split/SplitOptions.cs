using DataPrep.Definition;

namespace DataPrep.Steps.Split;

/// <summary>
/// Assigns every row to train, validation or test in a new column. The assignment is a function of
/// a hash of the row's key (not its position), so a row keeps its split when the dataset grows;
/// optionally stratified by a label and kept together by group columns. Fitted steps after a split
/// fit on its training rows only.
/// </summary>
public sealed class SplitOptions : IValidatableOptions
{
    /// <summary>Fraction of rows (per class when stratified) assigned to train.</summary>
    public double Train { get; set; } = 0.8;

    /// <summary>Fraction of rows assigned to validation.</summary>
    public double Validation { get; set; } = 0.1;

    /// <summary>Fraction of rows assigned to test. The three fractions add up to 1.</summary>
    public double Test { get; set; } = 0.1;

    /// <summary>
    /// Columns whose values identify a row across runs (an id); the split is a function of their
    /// hash. Empty means every input column (the row's content).
    /// </summary>
    public List<string> Key { get; set; } = [];

    /// <summary>
    /// Label column to stratify by: each class is cut into the three splits in the given fractions,
    /// off by less than one row per class and split. Needs a pass over the data first.
    /// </summary>
    public string? StratifyBy { get; set; }

    /// <summary>
    /// Columns that keep rows together: rows sharing a non-null value in any of them (a patient id,
    /// a near-duplicate cluster id from <c>dedupe</c>) land in the same split. With more than one
    /// column, rows are joined transitively (connected components), which needs a pass over the data first.
    /// </summary>
    public List<string> GroupBy { get; set; } = [];

    /// <summary>Name of the output column holding <c>train</c>, <c>validation</c> or <c>test</c>.</summary>
    public string Column { get; set; } = "split";

    public void Validate(OptionsValidationContext context)
    {
        foreach (var (name, value) in new[] { ("train", Train), ("validation", Validation), ("test", Test) })
        {
            if (!(value >= 0 && value <= 1)) context.Error(name, DiagnosticCodes.SplitFractions, $"{name} must be a fraction between 0 and 1, not {value}");
        }
        var sum = Train + Validation + Test;
        if (Math.Abs(sum - 1) > 1e-9)
            context.Error("", DiagnosticCodes.SplitFractions, $"train + validation + test must add up to 1; they add up to {sum}");
        if (string.IsNullOrWhiteSpace(Column)) context.BadValue("column", "give a name for the split column");
    }
}
