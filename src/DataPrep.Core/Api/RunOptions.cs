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

    /// <summary>Batches for <c>memory</c> sources, by name (see <see cref="BatchSource"/>); they take precedence over those bound with <see cref="Pipeline.WithInput"/>.</summary>
    public IReadOnlyDictionary<string, IBatchSource>? Inputs { get; init; }

    /// <summary>Logs this run here instead of to <see cref="Pipeline.Logger"/>.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>Clock for run ids, timings and staging clean-up.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
