using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>The output dataset: exactly one format key.</summary>
[OneOf]
public sealed class SinkOptions
{
    /// <summary>Parquet output.</summary>
    public ParquetSinkOptions? Parquet { get; set; }

    /// <summary>Arrow IPC file output.</summary>
    public ArrowSinkOptions? Arrow { get; set; }

    /// <summary>CSV output.</summary>
    public CsvSinkOptions? Csv { get; set; }

    /// <summary>An image folder tree (one file per row's encoded image, a folder per label) with a CSV index.</summary>
    public ImageFolderSinkOptions? ImageFolder { get; set; }

    /// <summary>Results kept in memory for the host; nothing is written.</summary>
    public MemorySinkOptions? Memory { get; set; }

    /// <summary>The output root of whichever format is set.</summary>
    public string? Path => Parquet?.Path ?? Arrow?.Path ?? Csv?.Path ?? ImageFolder?.Path;

    /// <summary>The partition column of whichever format is set.</summary>
    public string? PartitionBy => Parquet?.PartitionBy ?? Arrow?.PartitionBy ?? Csv?.PartitionBy;
}
