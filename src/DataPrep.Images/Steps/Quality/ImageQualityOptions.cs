using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.Images.Steps.Quality;

/// <summary>
/// Checks each image: undecodable, too small, extreme aspect ratio, blank, blurry, unexpected
/// channel count. Each check has a threshold and an action: quarantine the row, flag it (its
/// reason goes into the flags column) or off. Size, ratio and channels come from the header alone.
/// </summary>
public sealed class ImageQualityOptions : IValidatableOptions
{
    /// <summary>The binary column holding encoded images.</summary>
    public string Column { get; set; } = "image";

    /// <summary>Column listing the flagged checks of each row, comma-separated (null when none).</summary>
    public string FlagsColumn { get; set; } = "quality_flags";

    /// <summary>Images with more pixels than this (from the header) count as corrupt (<c>too_large</c>) and are not decoded.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>What happens to images that cannot be decoded (corrupt, truncated or too large).</summary>
    public QualityAction Corrupt { get; set; } = QualityAction.Quarantine;

    /// <summary>Images narrower or lower than this.</summary>
    public SizeCheck TooSmall { get; set; } = new();

    /// <summary>Images whose longer side is more than <c>max</c> times the shorter.</summary>
    public RatioCheck AspectRatio { get; set; } = new();

    /// <summary>Blank or near-constant images: standard deviation of the gray levels (0–255) at most <c>max_std</c>.</summary>
    public BlankCheck Blank { get; set; } = new();

    /// <summary>Blurry images: variance of the Laplacian of the gray image, scaled to at most 256 pixels on its longer side, below <c>min_variance</c>.</summary>
    public BlurCheck Blurry { get; set; } = new();

    /// <summary>Images whose channel count (1 gray, 3 colour, 4 with alpha) is not in <c>allowed</c>.</summary>
    public ChannelCheck Channels { get; set; } = new();

    public void Validate(OptionsValidationContext context)
    {
        if (FlagsColumn.Length == 0) context.BadValue("flags_column", "name the flags column");
        if (TooSmall.MinWidth < 1 || TooSmall.MinHeight < 1) context.BadValue("too_small", "min_width and min_height are at least 1");
        if (!(AspectRatio.Max >= 1)) context.BadValue("aspect_ratio.max", "a ratio limit is at least 1");
        if (Blank.MaxStd < 0) context.BadValue("blank.max_std", "at least 0");
        if (Blurry.MinVariance < 0) context.BadValue("blurry.min_variance", "at least 0");
        if (Channels.Allowed.Count == 0 || Channels.Allowed.Any(c => c is not (1 or 3 or 4))) context.BadValue("channels.allowed", "list channel counts among 1, 3 and 4");
    }
}

/// <summary>What a failed quality check does.</summary>
public enum QualityAction
{
    /// <summary>Send the row to the quarantine with the check's reason.</summary>
    Quarantine,

    /// <summary>Keep the row and name the check in the flags column.</summary>
    Flag,

    /// <summary>Do not run the check.</summary>
    Off,
}

/// <summary>Minimum size.</summary>
public sealed class SizeCheck
{
    /// <summary>Smallest accepted width in pixels.</summary>
    public int MinWidth { get; set; } = 32;

    /// <summary>Smallest accepted height in pixels.</summary>
    public int MinHeight { get; set; } = 32;

    /// <summary>What happens to a failing image.</summary>
    public QualityAction Action { get; set; } = QualityAction.Quarantine;
}

/// <summary>Maximum aspect ratio.</summary>
public sealed class RatioCheck
{
    /// <summary>Largest accepted ratio of the longer side to the shorter.</summary>
    public double Max { get; set; } = 4;

    /// <summary>What happens to a failing image.</summary>
    public QualityAction Action { get; set; } = QualityAction.Flag;
}

/// <summary>Near-constant images.</summary>
public sealed class BlankCheck
{
    /// <summary>Largest gray-level standard deviation still counted as blank.</summary>
    public double MaxStd { get; set; } = 2;

    /// <summary>What happens to a failing image.</summary>
    public QualityAction Action { get; set; } = QualityAction.Quarantine;
}

/// <summary>Blurry images.</summary>
public sealed class BlurCheck
{
    /// <summary>Smallest accepted variance of the Laplacian.</summary>
    public double MinVariance { get; set; } = 20;

    /// <summary>What happens to a failing image.</summary>
    public QualityAction Action { get; set; } = QualityAction.Flag;
}

/// <summary>Channel count.</summary>
public sealed class ChannelCheck
{
    /// <summary>Accepted channel counts.</summary>
    public List<int> Allowed { get; set; } = [3];

    /// <summary>What happens to a failing image.</summary>
    public QualityAction Action { get; set; } = QualityAction.Flag;
}
