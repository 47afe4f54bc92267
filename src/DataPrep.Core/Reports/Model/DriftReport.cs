namespace DataPrep.Reports;

/// <summary>How the output differs from the previous committed version's.</summary>
public sealed class DriftReport
{
    /// <summary>The version compared with.</summary>
    public int PreviousVersion { get; init; }

    /// <summary>Rows the previous version wrote.</summary>
    public long PreviousRowCount { get; init; }

    /// <summary>Relative change of the row count (0.1 = 10 % more rows).</summary>
    public double RowCountChange { get; init; }

    /// <summary>Largest PSI over the columns.</summary>
    public double MaxPsi { get; init; }

    /// <summary>Per column present in both versions.</summary>
    public IReadOnlyList<ColumnDrift> Columns { get; init; } = [];

    /// <summary>Columns the previous version had and this one does not.</summary>
    public IReadOnlyList<string> VanishedColumns { get; init; } = [];

    /// <summary>Columns this version has and the previous one did not.</summary>
    public IReadOnlyList<string> NewColumns { get; init; } = [];
}

/// <summary>Shift of one column's distribution.</summary>
public sealed class ColumnDrift
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>Population stability index (under 0.1 stable, 0.1 to 0.25 moderate, over 0.25 large).</summary>
    public double Psi { get; init; }

    /// <summary>Jensen-Shannon divergence, base 2 (0 same, 1 disjoint).</summary>
    public double JensenShannon { get; init; }

    /// <summary>Change of the null rate (this minus previous).</summary>
    public double NullRateChange { get; init; }

    /// <summary>Frequent values now that the previous version did not have (not reported for sensitive columns).</summary>
    public IReadOnlyList<string> NewCategories { get; init; } = [];

    /// <summary>Values of the previous version that no longer occur.</summary>
    public IReadOnlyList<string> VanishedCategories { get; init; } = [];
}
