using DataPrep.Definition;

namespace DataPrep.Steps.Impute;

/// <summary>How one column is imputed. Write just the method (<c>age: median</c>) or a mapping with its settings.</summary>
[ScalarForm(nameof(Method))]
public sealed class ImputeColumn
{
    /// <summary>The method.</summary>
    public ImputeMethod Method { get; set; } = ImputeMethod.Mean;

    /// <summary>For constant: the fill value, written as text and converted to the column's type.</summary>
    public string? Value { get; set; }

    /// <summary>Add a missing-indicator column for this column; the step's <c>add_indicator</c> when not set.</summary>
    public bool? Indicator { get; set; }
}
