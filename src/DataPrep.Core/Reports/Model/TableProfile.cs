namespace DataPrep.Reports;

/// <summary>A profile of a stream of rows, from mergeable sketches.</summary>
public sealed class TableProfile
{
    /// <summary>Rows profiled.</summary>
    public long Rows { get; init; }

    /// <summary>Estimated number of distinct whole rows (HyperLogLog over a hash of every column).</summary>
    public long DistinctRowsEstimate { get; init; }

    /// <summary>Relative error bound of the distinct-count estimates.</summary>
    public double DistinctError { get; init; }

    /// <summary>Normalized rank error bound of the quantiles.</summary>
    public double QuantileRankError { get; init; }

    /// <summary>One profile per column, in schema order.</summary>
    public IReadOnlyList<ColumnProfile> Columns { get; init; } = [];

    /// <summary>Pairwise Pearson correlations of the numeric columns (report.correlations; not of sensitive columns); absent when off.</summary>
    public IReadOnlyList<Correlation>? Correlations { get; init; }
}
