using Apache.Arrow;

namespace DataPrep.Execution;

/// <summary>
/// The rows a fitted step after a split fits on: those whose <paramref name="Column"/> (a string
/// column the split step wrote) equals <paramref name="Value"/>.
/// </summary>
public sealed record FitFilter(string Column, string Value, string SplitStepId)
{
    /// <summary>True for the rows of <paramref name="batch"/> in the fit set.</summary>
    public bool[] Mask(RecordBatch batch)
    {
        var index = batch.Schema.GetFieldIndex(Column);
        if (batch.Column(index) is not StringArray values)
            throw new InvalidOperationException($"split column '{Column}' is not a string column here");
        var mask = new bool[batch.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = values.IsValid(i) && values.GetString(i) == Value;
        return mask;
    }

    public override string ToString() => $"rows where {Column} = '{Value}' (set by step '{SplitStepId}')";
}
