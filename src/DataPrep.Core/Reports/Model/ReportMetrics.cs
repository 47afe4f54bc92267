namespace DataPrep.Reports;

/// <summary>Headline numbers of a run; gates name them (<c>duplicate_rate</c>) or reach any report value by path.</summary>
public sealed class ReportMetrics
{
    /// <summary>Rows written to the sink (or rows of a profiled dataset).</summary>
    public long RowCount { get; init; }

    /// <summary>Records the source read: parsed rows plus unparseable ones.</summary>
    public long SourceRows { get; init; }

    /// <summary>Quarantined rows (source and steps) over source records.</summary>
    public double QuarantineRate { get; init; }

    /// <summary>Rows dropped on purpose over source records.</summary>
    public double DropRate { get; init; }

    /// <summary>
    /// Duplicates over source rows: the rows dedupe steps dropped when the pipeline dedupes,
    /// otherwise estimated from a distinct count of whole rows at the source (within its stated error).
    /// </summary>
    public double DuplicateRate { get; init; }

    /// <summary>True when <see cref="DuplicateRate"/> was counted by a dedupe step, false when estimated.</summary>
    public bool DuplicateRateExact { get; init; }
}
