using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.IO;

/// <summary>
/// An image folder tree: each row's encoded image becomes a file <c>images/LABEL/NAME.EXT</c> in the
/// committed version (EXT from the image's signature: png, jpg, webp, gif, bmp, else bin), plus an
/// index <c>data/part-00000.csv</c> (file, label, bytes, sha256 per row). Published atomically with
/// the rest of the version through the output root's staging folder.
/// </summary>
[ScalarForm(nameof(Path))]
public sealed class ImageFolderSinkOptions : IValidatableOptions
{
    /// <summary>The output root folder. Relative to the pipeline file.</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>The binary column holding encoded images (an image source's <c>image</c>, or augment's output in an encoded format).</summary>
    public string Column { get; set; } = "image";

    /// <summary>The column whose value names each image's class folder; rows with a null label go to <c>_unlabeled</c>. Empty: no class folders.</summary>
    public string Label { get; set; } = "label";

    /// <summary>The column whose last path segment (without extension) names each file, e.g. an image source's <c>path</c>; rows where it is null or missing take <c>row-N</c> (N counts rows written). Repeated names get <c>-2</c>, <c>-3</c>, ... in row order.</summary>
    public string Name { get; set; } = "path";

    public void Validate(OptionsValidationContext context)
    {
        if (Column.Length == 0) context.BadValue("column", "name the image column");
    }
}
