using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Parquet output.</summary>
[ScalarForm(nameof(Path))]
public sealed class ParquetSinkOptions
{
    /// <summary>The output root folder: versions, manifests and quarantine live below it. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Compression codec of data pages.</summary>
    public ParquetCompression Compression { get; set; } = ParquetCompression.Snappy;

    /// <summary>Rows per row group. Row groups are cut at exact multiples, whatever the batch size, so the bytes do not depend on it.</summary>
    [Range(1, 100_000_000)]
    public int RowGroupSize { get; set; } = 1_048_576;

    /// <summary>
    /// A string column whose values split the data into one folder each under <c>data/</c>, e.g.
    /// <c>split</c> gives <c>data/train/</c>, <c>data/validation/</c>, <c>data/test/</c>. The column stays in the files.
    /// </summary>
    public string? PartitionBy { get; set; }
}
