namespace DataPrep.Reports;

/// <summary>
/// One column's profile. A sensitive column (one that a step of the pipeline protects) is profiled
/// as counts only: no value of it appears anywhere in the report.
/// </summary>
public sealed class ColumnProfile
{
    /// <summary>Column name.</summary>
    public required string Name { get; init; }

    /// <summary>Column type, as pipeline files write it.</summary>
    public required string Type { get; init; }

    /// <summary>True when a step declares the column sensitive: only counts are reported.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Values, nulls included.</summary>
    public long Count { get; init; }

    /// <summary>Null values.</summary>
    public long Nulls { get; init; }

    /// <summary>NaN values of floating-point columns (not counted as nulls).</summary>
    public long NaNs { get; init; }

    /// <summary>Infinite values of floating-point columns.</summary>
    public long Infinities { get; init; }

    /// <summary>Nulls over values.</summary>
    public double NullRate { get; init; }

    /// <summary>Estimated distinct non-null values (HyperLogLog).</summary>
    public long DistinctEstimate { get; init; }

    /// <summary>Numbers, dates and timestamps: moments, quantiles and a histogram (dates in days, timestamps in microseconds since 1970).</summary>
    public NumericSummary? Numeric { get; init; }

    /// <summary>Most frequent values with counts (lower bounds unless <see cref="TopValuesExact"/>).</summary>
    public IReadOnlyList<ValueCount>? TopValues { get; init; }

    /// <summary>True when the top-value counts are exact (the column has few distinct values).</summary>
    public bool TopValuesExact { get; init; }

    /// <summary>Text and binary columns: lengths in characters (bytes for binary).</summary>
    public LengthSummary? Lengths { get; init; }

    /// <summary>Text columns: what the values look like (numbers or dates stored as text, mixed types).</summary>
    public TextShape? Shape { get; init; }

    /// <summary>Boolean columns: true values.</summary>
    public long? TrueCount { get; init; }
}

/// <summary>Moments, quantiles and histogram of a numeric column (NaN and infinities left out).</summary>
public sealed class NumericSummary
{
    /// <summary>Smallest value.</summary>
    public double Min { get; init; }

    /// <summary>Largest value.</summary>
    public double Max { get; init; }

    /// <summary>Mean.</summary>
    public double Mean { get; init; }

    /// <summary>Sample standard deviation.</summary>
    public double StdDev { get; init; }

    /// <summary>Quantiles at p = 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, keyed "p01" ... "p99".</summary>
    public IReadOnlyDictionary<string, double> Quantiles { get; init; } = new Dictionary<string, double>();

    /// <summary>Values at ranks 0, 0.01, ..., 1 (101 points): the distribution that drift is measured against.</summary>
    public IReadOnlyList<double> Percentiles { get; init; } = [];

    /// <summary>Equal-width histogram from min to max.</summary>
    public required Histogram Histogram { get; init; }
}

/// <summary>Equal-width bins: <c>counts[i]</c> values lie in [edges[i], edges[i+1]) (the last bin includes its upper edge).</summary>
public sealed record Histogram
{
    /// <summary>Bin edges, one more than the bins.</summary>
    public required IReadOnlyList<double> Edges { get; init; }

    /// <summary>Values per bin (estimated from the quantile sketch, within its rank error).</summary>
    public required IReadOnlyList<long> Counts { get; init; }
}

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount
{
    /// <summary>The value as text.</summary>
    public required string Value { get; init; }

    /// <summary>Occurrences.</summary>
    public required long Count { get; init; }
}

/// <summary>Lengths of text or binary values.</summary>
public sealed record LengthSummary
{
    /// <summary>Shortest.</summary>
    public required long Min { get; init; }

    /// <summary>Longest.</summary>
    public required long Max { get; init; }

    /// <summary>Mean length.</summary>
    public required double Mean { get; init; }
}

/// <summary>What the values of a text column look like.</summary>
public sealed record TextShape
{
    /// <summary>Values that parse as numbers.</summary>
    public required long Numbers { get; init; }

    /// <summary>Values that look like ISO dates or timestamps.</summary>
    public required long Dates { get; init; }

    /// <summary>Values that are true/false.</summary>
    public required long Booleans { get; init; }

    /// <summary>Empty or whitespace-only values.</summary>
    public required long Empty { get; init; }

    /// <summary>Anything else.</summary>
    public required long Text { get; init; }

    /// <summary>text, numbers_as_text, dates_as_text, booleans_as_text, mixed or empty.</summary>
    public required string Verdict { get; init; }
}
