namespace DataPrep.Scheduling;

/// <summary>When and how <see cref="RefreshScheduler"/> runs a pipeline.</summary>
public sealed record NightlyRefreshOptions
{
    /// <summary>A five-field cron expression (minute hour day month weekday), e.g. <c>0 2 * * *</c>.</summary>
    public required string Cron { get; init; }

    /// <summary>IANA or Windows time zone id the expression is read in (daylight-saving changes included); UTC when null.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Retries of a failed slot.</summary>
    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Name in the lease file and the logs, so an operator sees which scheduler holds the output root.</summary>
    public string Owner { get; init; } = $"dataprep schedule on {Environment.MachineName}";

    /// <summary>Settings for each run (parallelism, batch size, a host's source); lease, slot and clock are set by the scheduler.</summary>
    public RunOptions Run { get; init; } = new();
}
