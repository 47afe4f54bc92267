using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Parquet input.</summary>
[ScalarForm(nameof(Path))]
public sealed class ParquetSourceOptions
{
    /// <summary>A file, a folder (every *.parquet below it, in ordinal path order) or a glob such as <c>raw/*.parquet</c>. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";
}
