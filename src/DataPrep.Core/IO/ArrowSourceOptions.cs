using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>Arrow IPC input, file or stream format.</summary>
[ScalarForm(nameof(Path))]
public sealed class ArrowSourceOptions
{
    /// <summary>A file, a folder (every *.arrow, *.feather and *.arrows below it) or a glob. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";
}
