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

    public required IReadOnlyList<InputFile> Inputs { get; init; }

    public required IReadOnlyList<ColumnInfo> Schema { get; init; }

    public required IReadOnlyList<OutputFile> Files { get; init; }

    public required LedgerRecord Ledger { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>An input the version consumed.</summary>
public sealed record InputFile(string Path, long Bytes, DateTimeOffset ModifiedUtc, string Sha256);

/// <summary>An output column.</summary>
public sealed record ColumnInfo(string Name, string Type, bool Nullable);

/// <summary>A file of the version, relative to the output root; role is data, quarantine or dropped.</summary>
public sealed record OutputFile(string Path, string Role, long Rows, long Bytes, string Sha256);

/// <summary>The ledger as committed.</summary>
public sealed record LedgerRecord(long SourceRows, long SourceQuarantined, long FilesRead, long FilesUnreadable, long RowsWritten,
    IReadOnlyList<StepLedger> Steps);

/// <summary>One step's row funnel (rows in + synthesized = out + quarantined + dropped), and the named counters it reported (absent when none).</summary>
public sealed record StepLedger(string Id, string Step, long RowsIn, long RowsOut, long Quarantined, long Dropped, long BytesOut, double Seconds,
    long Synthesized = 0, IReadOnlyDictionary<string, long>? Counters = null);
