using DataPrep.IO;

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

    /// <summary>Clock for run ids, timings and staging clean-up.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
