using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>
/// A folder tree of encoded images, one row per image: <c>path</c> (relative to the folder),
/// <c>label</c> (the first folder below the root, as in one folder per class; null for images
/// directly in the root) and <c>image</c> (the encoded bytes). Nothing is decoded here.
/// </summary>
[ScalarForm(nameof(Path))]
public sealed class ImagesSourceOptions
{
    /// <summary>A folder (every image file below it) or a glob such as <c>train/**/*.jpg</c>. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>File extensions taken as images when <c>path</c> is a folder.</summary>
    public List<string> Extensions { get; set; } = [".jpg", ".jpeg", ".png", ".webp", ".bmp", ".gif"];
}
