using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>The input dataset: exactly one format key.</summary>
[OneOf]
public sealed class SourceOptions
{
    /// <summary>Parquet files: one file, a folder (every *.parquet below it) or a glob.</summary>
    public ParquetSourceOptions? Parquet { get; set; }

    /// <summary>Arrow IPC files or streams (the format is detected from the bytes).</summary>
    public ArrowSourceOptions? Arrow { get; set; }

    /// <summary>CSV files with a header row.</summary>
    public CsvSourceOptions? Csv { get; set; }

    /// <summary>Batches the host passes in memory, bound by name when the pipeline runs.</summary>
    public MemorySourceOptions? Memory { get; set; }
    /// <summary>A folder tree of image files (one folder per class gives the label), read as path, label and encoded bytes.</summary>
    public ImagesSourceOptions? Images { get; set; }

    /// <summary>The path pattern of whichever format is set.</summary>
    public string? Path => Parquet?.Path ?? Arrow?.Path ?? Csv?.Path ?? Images?.Path;
}
