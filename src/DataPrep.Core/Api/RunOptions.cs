using DataPrep.IO;
using Microsoft.Extensions.Logging;

namespace DataPrep;

/// <summary>Per-run settings that never change the output bytes.</summary>
public sealed record RunOptions
{
    /// <summary>Overrides <c>execution.parallelism</c>.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Overrides <c>execution.batch_size</c>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Reads from this source instead of the one the definition names.</summary>
    public IBatchSource? Source { get; init; }

    /// <summary>
    /// A fit artifact to apply instead of fitting (<c>--fit</c>): the steps it holds get no fit pass.
    /// It must match the pipeline (same steps, same input columns), or compiling fails with DP0304.
    /// </summary>
    public string? FitPath { get; init; }

    /// <summary>Also write the run's fit artifact here after the commit (<c>--save-fit</c>), atomically.</summary>
    public string? SaveFitPath { get; init; }

    /// <summary>Read every input again, even in an incremental pipeline (<c>--full-refresh</c>).</summary>
    public bool FullRefresh { get; init; }

    /// <summary>A lease on the output root the caller already holds (a scheduler checks its slot under it); null to take one for the run.</summary>
    public Commit.WriterLease? Lease { get; init; }

    /// <summary>The schedule slot the run is for; recorded in the manifest, so a slot already committed is not run twice.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }

    /// <summary>Batches for <c>memory</c> sources, by name (see <see cref="BatchSource"/>); they take precedence over those bound with <see cref="Pipeline.WithInput"/>.</summary>
    public IReadOnlyDictionary<string, IBatchSource>? Inputs { get; init; }

    /// <summary>Logs this run here instead of to <see cref="Pipeline.Logger"/>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Clock for run ids, timings, the lease and staging clean-up.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
