using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Steps.Impute;

/// <summary>One imputed column as bound to the schema, and (after the fit) what fills it.</summary>
internal sealed class ImputeTarget(string name, ImputeColumn spec)
{
    public string Name { get; } = name;

    public ImputeColumn Spec { get; } = spec;

    public ImputeMethod Method => Spec.Method;

    public int Index { get; set; } = -1;

    public IArrowType InputType { get; set; } = NullType.Default;

    public IArrowType OutputType { get; set; } = NullType.Default;

    /// <summary>Whether the output is float64 filled from doubles (mean, median and knn of numeric columns).</summary>
    public bool AsDouble { get; set; }

    public bool Indicator { get; set; }

    /// <summary>Index among the knn columns, or -1.</summary>
    public int KnnSlot { get; set; } = -1;

    /// <summary>The fill value (CLR value of the output type) for mean, median, mode, constant; the fallback mean (a double) for knn. Null: nothing to fill with.</summary>
    public object? Fill { get; set; }

    /// <summary>For forward fill: the last present value of each fitted batch, by row. For backward fill: the first.</summary>
    public List<(RowId At, object Value)> Carries { get; set; } = [];
}
