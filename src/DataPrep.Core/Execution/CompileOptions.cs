using DataPrep.IO;

namespace DataPrep.Execution;

/// <summary>How to compile a definition: where relative paths start, and overrides for hosts and tests.</summary>
public sealed record CompileOptions
{
    /// <summary>Directory relative paths in the definition are resolved against (the pipeline file's).</summary>
    public string BaseDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>Replaces the source the definition names (a host's own reader).</summary>
    public IBatchSource? Source { get; init; }

    /// <summary>Overrides <c>execution.parallelism</c>; output bytes do not change.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Overrides <c>execution.batch_size</c>; output bytes do not change.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Statistics to apply instead of fitting; steps whose fit it holds get no fit pass.</summary>
    public Fitting.FitArtifact? Fit { get; init; }

    /// <summary>A fit artifact file to read when <see cref="Fit"/> is not given (<c>--fit</c>; relative to the current directory).</summary>
    public string? FitPath { get; init; }
}
