namespace DataPrep.Reports;

/// <summary>The quality report of one run (or of one dataset, from <c>dataprep profile</c>).</summary>
public sealed class QualityReport
{
    /// <summary>Format version of the report. Only 1 exists.</summary>
    public int Format { get; init; } = 1;

    /// <summary>Name of the pipeline, or of the profiled dataset.</summary>
    public required string Pipeline { get; init; }

    /// <summary>When the report was made (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>What produced the data: inputs, definition, seed, versions, settings.</summary>
    public required RunMetadata Run { get; init; }

    /// <summary>Headline numbers that gates refer to by name.</summary>
    public required ReportMetrics Metrics { get; init; }

    /// <summary>Profile of the rows as they left the source (parsed rows, before the first step).</summary>
    public TableProfile? Source { get; init; }

    /// <summary>Profile of the rows written to the sink.</summary>
    public TableProfile? Sink { get; init; }

    /// <summary>Per step: the row funnel, reasons, examples and timing, in pipeline order.</summary>
    public IReadOnlyList<StepReport> Steps { get; init; } = [];

    /// <summary>Comparison with the previous committed version, when there is one with a report.</summary>
    public DriftReport? Drift { get; set; }

    /// <summary>Outcome of every gate of the pipeline, in the order they are declared.</summary>
    public IReadOnlyList<GateResult> Gates { get; set; } = [];

    /// <summary>Per anonymize step with <c>k_anonymity</c>: equivalence classes, smallest class, rows suppressed and re-identification risk; absent when none.</summary>
    public IReadOnlyList<Steps.Anonymize.KAnonymitySummary>? KAnonymity { get; init; }
}
