namespace DataPrep.Reports;

/// <summary>The outcome of one gate.</summary>
public sealed record GateResult
{
    /// <summary>The metric as written in the pipeline file.</summary>
    public required string Metric { get; init; }

    /// <summary>Its value in this run; null when the report has no such value.</summary>
    public double? Value { get; init; }

    /// <summary>Lower bound, if any.</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound, if any.</summary>
    public double? Max { get; init; }

    /// <summary>error (fails the run) or warn (reported only).</summary>
    public required string Severity { get; init; }

    /// <summary>True when the value is within the bounds.</summary>
    public required bool Passed { get; init; }

    /// <summary>What was checked and found.</summary>
    public required string Message { get; init; }
}
