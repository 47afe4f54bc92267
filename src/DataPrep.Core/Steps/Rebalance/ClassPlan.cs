namespace DataPrep.Steps.Rebalance;

/// <summary>
/// What the fit decided for one class. Rows are chosen by rank of their selection key within the
/// class, expressed as a threshold so that a row decides alone (and batches apply in parallel):
/// undersampling keeps the rows below it; oversampling gives every eligible row
/// <see cref="Copies"/> made rows and one more to those below it.
/// </summary>
internal sealed class ClassPlan
{
    public required string Label { get; init; }

    public long Count { get; init; }

    public long Target { get; init; }

    public RowKey Threshold { get; init; } = RowKey.Max;

    public long Copies { get; init; }

    /// <summary>SMOTE state, for the SMOTE methods when the class grows.</summary>
    public SmoteClass? Smote { get; init; }

    /// <summary>Per-feature standard deviation within the class, for jitter.</summary>
    public double[]? Std { get; init; }

    /// <summary>Balanced class weight (class_weight).</summary>
    public double Weight { get; init; }

    public bool Shrinks => Target < Count;

    public bool Grows => Target > Count;
}
