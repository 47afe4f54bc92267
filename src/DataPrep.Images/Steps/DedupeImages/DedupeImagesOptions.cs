using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.Images.Steps.DedupeImages;

/// <summary>
/// Removes exact and near-duplicate images, keeping the first of each cluster in source order.
/// Near duplicates are found by a 64-bit perceptual hash within a Hamming radius (a BK-tree, not
/// all pairs) and clustered with union-find; each dropped row names the cluster's survivor.
/// A separate step from <c>dedupe</c> so the tabular step's options stay its own.
/// </summary>
public sealed class DedupeImagesOptions : IValidatableOptions
{
    /// <summary>The binary column holding encoded images.</summary>
    public string Column { get; set; } = "image";

    /// <summary>Largest Hamming distance between two hashes that still makes the images near duplicates (0 to 32).</summary>
    [Range(0, 32)]
    public int MaxDistance { get; set; } = 12;

    /// <summary>The perceptual hash: <c>phash</c> (DCT, robust to crops and re-encoding) or <c>dhash</c> (gradient, faster).</summary>
    public PerceptualHash Hash { get; set; } = PerceptualHash.Phash;

    /// <summary>Also drop byte-identical images (reason <c>dedupe_images.exact</c>).</summary>
    public bool Exact { get; set; } = true;

    /// <summary>Optional output column with each image's hash (uint64), for inspection.</summary>
    public string? HashColumn { get; set; }

    /// <summary>Images with more pixels than this (from the header) are quarantined before decoding.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    public void Validate(OptionsValidationContext context)
    {
        if (HashColumn is { Length: 0 }) context.BadValue("hash_column", "name the column or leave it out");
    }
}

/// <summary>A 64-bit perceptual hash.</summary>
public enum PerceptualHash
{
    Phash,
    Dhash,
}
