namespace DataPrep.Reports;

/// <summary>The Pearson correlation of two numeric columns, over the rows where both are present and finite.</summary>
public sealed class Correlation
{
    /// <summary>The first column.</summary>
    public required string A { get; init; }

    /// <summary>The second column.</summary>
    public required string B { get; init; }

    /// <summary>Pearson's r in [-1, 1]; null when either column is constant over those rows or fewer than two rows have both.</summary>
    public double? Pearson { get; init; }

    /// <summary>Rows where both values are present and finite.</summary>
    public long Rows { get; init; }
}
