using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataPrep.Commit;

/// <summary>
/// The record of one committed version. Its existence is the commit: readers and later runs go
/// through the newest manifest and nothing else.
/// </summary>
public sealed record Manifest
{
    public int Format { get; init; } = 1;

    public required int Version { get; init; }

    public required string RunId { get; init; }

    public required string Pipeline { get; init; }

    public required DateTimeOffset CreatedUtc { get; init; }

    public required string DefinitionSha256 { get; init; }

    public required long Seed { get; init; }

    public required string DataPrepVersion { get; init; }

    public int? PreviousVersion { get; init; }

    /// <summary>When the run started; with <see cref="CreatedUtc"/> (the commit) it gives the duration.</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>The schedule slot this run was for (<c>dataprep schedule</c>); null for a run started by hand.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>How the version was built: a full refresh or an incremental append, and why.</summary>
    public RefreshRecord? Refresh { get; init; }

    /// <summary>SHA-256 of the fit artifact the run applied, if any; a change forces a full refresh.</summary>
    public string? FitSha256 { get; init; }

    /// <summary>The newest modification time among the inputs this version reflects.</summary>
    public DateTimeOffset? Watermark { get; init; }

    /// <summary>
    /// Every input whose rows the version holds. Those with <see cref="InputFile.ReadInVersion"/>
    /// equal to <see cref="Version"/> were read by this run; the others were carried over.
    /// </summary>
    public required IReadOnlyList<InputFile> Inputs { get; init; }

    public required IReadOnlyList<ColumnInfo> Schema { get; init; }

    public required IReadOnlyList<OutputFile> Files { get; init; }

    public required LedgerRecord Ledger { get; init; }

    /// <summary>
    /// The options of the commit files (manifests, the lease, failed-run records): snake_case, indented,
    /// nulls left out, with metadata generated at build time (<see cref="CommitJson"/>).
    /// </summary>
    public static readonly JsonSerializerOptions Json = CommitJson.Default.Options;
}

/// <summary>
/// The commit files' JSON metadata, generated at build time: built by reflection, it cost the first
/// write of each type on the run's critical path (the lease at the start, the manifest at the end),
/// about 0.16 s of CPU in the 10M reference run. Same names and layout as the reflection-based options.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(LeaseRecord))]
[JsonSerializable(typeof(FailedRun))]
internal sealed partial class CommitJson : JsonSerializerContext;

/// <summary>An input the version consumed.</summary>
public sealed record InputFile(string Path, long Bytes, DateTimeOffset ModifiedUtc, string Sha256)
{
    /// <summary>The version whose run read this input (incremental layout only).</summary>
    public int? ReadInVersion { get; init; }
}

/// <summary>How a version was built: <c>full</c> or <c>incremental</c>, the reason, and the inputs that changed.</summary>
public sealed record RefreshRecord(string Mode, string Reason, int Added, int Changed, int Removed, int Unchanged);

/// <summary>An output column.</summary>
public sealed record ColumnInfo(string Name, string Type, bool Nullable);

/// <summary>A file of the version, relative to the output root; role is data, quarantine or dropped.</summary>
public sealed record OutputFile(string Path, string Role, long Rows, long Bytes, string Sha256)
{
    /// <summary>The input this part was produced from (incremental layout: one part per input and role).</summary>
    public string? Input { get; init; }
}

/// <summary>The ledger as committed.</summary>
public sealed record LedgerRecord(long SourceRows, long SourceQuarantined, long FilesRead, long FilesUnreadable, long RowsWritten,
    IReadOnlyList<StepLedger> Steps);

/// <summary>
/// One step's row funnel (rows in + synthesized = out + quarantined + dropped), the named counters it reported (absent when none)
/// and, for an anonymize step with k-anonymity, what it measured (classes, smallest class, rows suppressed, risks).
/// </summary>
public sealed record StepLedger(string Id, string Step, long RowsIn, long RowsOut, long Quarantined, long Dropped, long BytesOut, double Seconds,
    long Synthesized = 0, IReadOnlyDictionary<string, long>? Counters = null, DataPrep.Steps.Anonymize.KAnonymitySummary? KAnonymity = null);
