namespace DataPrep.Definition;

/// <summary>
/// The quality report. It is written into the committed version (under <c>report/</c>, hashed and
/// listed in the manifest like every other output); a failed run writes none.
/// </summary>
public sealed class ReportOptions
{
    /// <summary>A folder, relative to the pipeline file, that also gets a copy of the report files once the version is committed (for CI artifacts). The committed copy is the one of record.</summary>
    public string? Path { get; set; }

    /// <summary>Files to write: json (always useful to gates and drift), html (one self-contained page), markdown (for CI job summaries).</summary>
    public List<ReportFormat> Formats { get; set; } = [ReportFormat.Json, ReportFormat.Html, ReportFormat.Markdown];

    /// <summary>Profile every column at the source and at the sink (inside the run's passes; the data is not read twice). Off: only the row funnel, reasons and metadata.</summary>
    public bool Profile { get; set; } = true;

    /// <summary>A label column: the report shows its class balance before and after every step that has it (rebalance and split steps use their own label or stratify_by).</summary>
    public string? Label { get; set; }

    /// <summary>
    /// Profile, for every step, the columns it changes or adds on both sides (PSI and Jensen-Shannon,
    /// nulls filled, values changed) and count the label's classes before and after it. Off: the
    /// source and sink profiles only (cheaper when many steps touch many columns); rows removed,
    /// duplicate clusters and outliers handled are still reported from the steps' records.
    /// </summary>
    public bool StepEffects { get; set; } = true;

    /// <summary>
    /// Pairwise Pearson correlations of the numeric columns at the source and the sink (the first
    /// 24 numeric columns that are not sensitive; a few multiply-adds per row and pair).
    /// </summary>
    public bool Correlations { get; set; }
}

/// <summary>A report file format.</summary>
public enum ReportFormat
{
    Json,
    Html,
    Markdown,
}
