using DataPrep.Commit;

namespace DataPrep.Execution;

/// <summary>How a run relates to the runs before it: lease, schedule slot, refresh mode. Never changes a row.</summary>
public sealed record RunRequest
{
    /// <summary>A lease the caller already holds on the output root; null to take one for the run.</summary>
    public WriterLease? Lease { get; init; }

    /// <summary>Who takes the lease, as the lease file will show it.</summary>
    public string Owner { get; init; } = "dataprep run";

    /// <summary>Read every input again instead of only new or changed ones.</summary>
    public bool FullRefresh { get; init; }

    /// <summary>The schedule slot the run is for, recorded in the manifest.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>SHA-256 of the fit artifact the run applies; when it differs from the previous version's, the run is a full refresh.</summary>
    public string? FitSha256 { get; init; }
}
