namespace DataPrep.Reports;

/// <summary>
/// What one step did to the data, measured on its input and output batches in the final pass: class
/// balance, the columns it changed or added (nulls filled, values changed, distribution shift),
/// outliers handled and duplicates removed. Only the columns a step touches are profiled.
/// </summary>
public sealed class StepEffects
{
    /// <summary>Nulls the step replaced with values, over all the columns it changed (impute).</summary>
    public long NullsFilled { get; init; }

    /// <summary>Values that were present before and after and differ (clipped, rescaled, recoded), over all the columns it changed.</summary>
    public long ValuesChanged { get; init; }

    /// <summary>outliers steps: values clipped or set to null plus rows quarantined or dropped as outliers.</summary>
    public long? OutliersHandled { get; init; }

    /// <summary>dedupe steps: rows removed as duplicates of a row that was kept.</summary>
    public long? DuplicatesRemoved { get; init; }

    /// <summary>dedupe steps: the first few clusters in source order, each a kept row and rows removed as its duplicates.</summary>
    public IReadOnlyList<DuplicateCluster> DuplicateClusters { get; init; } = [];

    /// <summary>Class counts of the label before and after the step (the step's own label or stratify_by, else report.label).</summary>
    public ClassBalance? ClassBalance { get; init; }

    /// <summary>Per column the step changed or added: nulls filled, values changed and the shift between its input and output distributions.</summary>
    public IReadOnlyList<ColumnShift> Columns { get; init; } = [];
}

/// <summary>Class counts of a label column before and after a step.</summary>
public sealed class ClassBalance
{
    /// <summary>The label column.</summary>
    public required string Label { get; init; }

    /// <summary>Rows per class entering the step, most frequent first (nulls as <c>(null)</c>).</summary>
    public IReadOnlyList<ValueCount> Before { get; init; } = [];

    /// <summary>Rows per class leaving the step (made rows included, removed rows excluded), in the order of <see cref="Before"/>, then new classes.</summary>
    public IReadOnlyList<ValueCount> After { get; init; } = [];

    /// <summary>True when the label has more distinct values than a class list holds (1,000): counting stopped and the lists are empty.</summary>
    public bool TooManyClasses { get; init; }
}

/// <summary>How a step changed one column, between the step's input and output.</summary>
public sealed class ColumnShift
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>True when the step added the column (no before side).</summary>
    public bool Added { get; init; }

    /// <summary>Nulls in the input that have a value in the output.</summary>
    public long NullsFilled { get; init; }

    /// <summary>Values present in input and output that differ; null when the type changed (no like-for-like comparison).</summary>
    public long? ValuesChanged { get; init; }

    /// <summary>Null rate of the column entering the step (null for an added column).</summary>
    public double? NullRateBefore { get; init; }

    /// <summary>Null rate of the column leaving the step.</summary>
    public double NullRateAfter { get; init; }

    /// <summary>Population stability index of output against input, binned by the input's deciles (or its top values); null for added or sensitive columns.</summary>
    public double? Psi { get; init; }

    /// <summary>Jensen-Shannon divergence in bits, on the same bins as <see cref="Psi"/>.</summary>
    public double? JensenShannon { get; init; }
}

/// <summary>A kept row and rows a dedupe step removed as its duplicates.</summary>
public sealed class DuplicateCluster
{
    /// <summary>The kept row, as <c>file:row</c>.</summary>
    public required string Survivor { get; init; }

    /// <summary>The first removed rows of the cluster in source order (at most 5), as <c>file:row</c>.</summary>
    public IReadOnlyList<string> Removed { get; init; } = [];

    /// <summary>Rows removed as duplicates of this survivor.</summary>
    public long RemovedCount { get; init; }
}
