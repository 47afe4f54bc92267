using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Arrow IPC file output.</summary>
[ScalarForm(nameof(Path))]
public sealed class ArrowSinkOptions
{
    /// <summary>The output root folder. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>Rows per record batch in the file, independent of the engine's batch size.</summary>
    [Range(1, 100_000_000)]
    public int BatchRows { get; set; } = 65_536;

    /// <summary>
    /// A string column whose values split the data into one folder each under <c>data/</c>, e.g.
    /// <c>split</c> gives <c>data/train/</c>, <c>data/validation/</c>, <c>data/test/</c>. The column stays in the files.
    /// </summary>
    public string? PartitionBy { get; set; }
}
