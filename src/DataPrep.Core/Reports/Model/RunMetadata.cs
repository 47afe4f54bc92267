namespace DataPrep.Reports;

/// <summary>What produced the data.</summary>
public sealed class RunMetadata
{
    /// <summary>Identifier of the run (also in the manifest); empty for a profile without a run.</summary>
    public string RunId { get; init; } = "";

    /// <summary>SHA-256 of the pipeline file as loaded.</summary>
    public string DefinitionSha256 { get; init; } = "";

    /// <summary>The run's seed.</summary>
    public long Seed { get; init; }

    /// <summary>Version of DataPrep that made the report.</summary>
    public required string DataPrepVersion { get; init; }

    /// <summary>The .NET runtime, as <c>RuntimeInformation.FrameworkDescription</c> gives it.</summary>
    public required string Runtime { get; init; }

    /// <summary>Degree of parallelism of the run.</summary>
    public int Parallelism { get; init; }

    /// <summary>Rows per batch of the run.</summary>
    public int BatchSize { get; init; }

    /// <summary>Wall-clock seconds from the start of the run to the report.</summary>
    public double Seconds { get; init; }

    /// <summary>The input files with sizes and checksums.</summary>
    public IReadOnlyList<InputSummary> Inputs { get; init; } = [];
}

/// <summary>One input file.</summary>
public sealed record InputSummary
{
    /// <summary>Path of the file as read.</summary>
    public required string Path { get; init; }

    /// <summary>Size in bytes.</summary>
    public required long Bytes { get; init; }

    /// <summary>SHA-256 of the file's bytes; empty when it could not be read.</summary>
    public required string Sha256 { get; init; }
}
