using DataPrep.Definition;
using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Augment;

/// <summary>One augmentation op: exactly one key.</summary>
[OneOf]
public sealed class AugmentOp
{
    /// <summary>Crop a random area (fraction <c>scale</c> of the image, aspect ratio in <c>ratio</c>) and resize it to <c>size</c>.</summary>
    public RandomResizedCropOp? RandomResizedCrop { get; set; }

    /// <summary>Resize to a fixed size.</summary>
    public ResizeOp? Resize { get; set; }

    /// <summary>Flip with a probability per axis.</summary>
    public FlipOp? Flip { get; set; }

    /// <summary>Rotate by a random angle about the centre (bilinear), filling uncovered pixels.</summary>
    public RotateOp? Rotate { get; set; }

    /// <summary>Random brightness, contrast, saturation and hue, applied as one colour matrix.</summary>
    public ColorJitterOp? ColorJitter { get; set; }

    /// <summary>Additive Gaussian noise with a random standard deviation.</summary>
    public NoiseOp? Noise { get; set; }

    /// <summary>Gaussian blur with a random sigma, with a probability.</summary>
    public BlurOp? Blur { get; set; }

    /// <summary>Convert to gray (kept as 3 equal channels) with a probability.</summary>
    public GrayscaleOp? Grayscale { get; set; }

    /// <summary>Scale to 0..1, subtract <c>mean</c>, divide by <c>std</c> per channel; the output becomes a float32 CHW tensor. Must be last.</summary>
    public NormalizeOp? Normalize { get; set; }

    internal void Check(string at, OptionsValidationContext context)
    {
        RandomResizedCrop?.Check($"{at}.random_resized_crop", context);
        Resize?.Check($"{at}.resize", context);
        Flip?.Check($"{at}.flip", context);
        Rotate?.Check($"{at}.rotate", context);
        ColorJitter?.Check($"{at}.color_jitter", context);
        Noise?.Check($"{at}.noise", context);
        Blur?.Check($"{at}.blur", context);
        Grayscale?.Check($"{at}.grayscale", context);
        Normalize?.Check($"{at}.normalize", context);
    }

    internal static void Pair(List<double> values, string at, OptionsValidationContext context, double min, double max)
    {
        if (values.Count != 2 || values[0] > values[1] || values[0] < min || values[1] > max)
            context.BadValue(at, $"give [low, high] with {min} <= low <= high <= {max}");
    }

    internal static void Size(List<int> values, string at, OptionsValidationContext context)
    {
        if (values.Count != 2 || values[0] < 1 || values[1] < 1 || values[0] > 16384 || values[1] > 16384)
            context.BadValue(at, "give [width, height], each 1 to 16384");
    }

    internal static void Probability(double p, string at, OptionsValidationContext context)
    {
        if (p is < 0 or > 1 || double.IsNaN(p)) context.BadValue(at, "a probability is between 0 and 1");
    }
}

/// <summary>Random resized crop (as torchvision's RandomResizedCrop).</summary>
public sealed class RandomResizedCropOp
{
    /// <summary>Output [width, height].</summary>
    public List<int> Size { get; set; } = [224, 224];

    /// <summary>Range of the crop's area as a fraction of the image's.</summary>
    public List<double> Scale { get; set; } = [0.08, 1.0];

    /// <summary>Range of the crop's aspect ratio (width / height), drawn log-uniformly.</summary>
    public List<double> Ratio { get; set; } = [0.75, 4.0 / 3.0];

    /// <summary>Resampling filter (antialiased when shrinking).</summary>
    public ResizeFilter Filter { get; set; } = ResizeFilter.Bilinear;

    internal void Check(string at, OptionsValidationContext c)
    {
        AugmentOp.Size(Size, $"{at}.size", c);
        AugmentOp.Pair(Scale, $"{at}.scale", c, 1e-6, 1);
        AugmentOp.Pair(Ratio, $"{at}.ratio", c, 1e-3, 1e3);
    }
}

/// <summary>Resize to a fixed size.</summary>
public sealed class ResizeOp
{
    /// <summary>Output [width, height].</summary>
    public List<int> Size { get; set; } = [224, 224];

    /// <summary>Resampling filter (antialiased when shrinking).</summary>
    public ResizeFilter Filter { get; set; } = ResizeFilter.Bilinear;

    internal void Check(string at, OptionsValidationContext c) => AugmentOp.Size(Size, $"{at}.size", c);
}

/// <summary>Random flips.</summary>
public sealed class FlipOp
{
    /// <summary>Probability of a horizontal (left-right) flip.</summary>
    public double Horizontal { get; set; } = 0.5;

    /// <summary>Probability of a vertical (top-bottom) flip.</summary>
    public double Vertical { get; set; }

    internal void Check(string at, OptionsValidationContext c)
    {
        AugmentOp.Probability(Horizontal, $"{at}.horizontal", c);
        AugmentOp.Probability(Vertical, $"{at}.vertical", c);
    }
}

/// <summary>Random rotation.</summary>
public sealed class RotateOp
{
    /// <summary>Range of the angle in degrees, [low, high]; positive is counter-clockwise.</summary>
    public List<double> Degrees { get; set; } = [-15, 15];

    /// <summary>Colour of pixels the rotated image does not cover, one value per channel (0 to 255).</summary>
    public List<int> Fill { get; set; } = [0, 0, 0];

    internal void Check(string at, OptionsValidationContext c)
    {
        AugmentOp.Pair(Degrees, $"{at}.degrees", c, -360, 360);
        if (Fill.Count != 3 || Fill.Any(v => v is < 0 or > 255)) c.BadValue($"{at}.fill", "give three values 0 to 255");
    }
}

/// <summary>Random colour changes (as torchvision's ColorJitter, clamped once at the end).</summary>
public sealed class ColorJitterOp
{
    /// <summary>Brightness factor drawn from [1 - b, 1 + b].</summary>
    public double Brightness { get; set; }

    /// <summary>Contrast factor drawn from [1 - c, 1 + c].</summary>
    public double Contrast { get; set; }

    /// <summary>Saturation factor drawn from [1 - s, 1 + s].</summary>
    public double Saturation { get; set; }

    /// <summary>Hue shift in turns drawn from [-h, h], h at most 0.5.</summary>
    public double Hue { get; set; }

    internal void Check(string at, OptionsValidationContext c)
    {
        foreach (var (name, v, max) in new[] { ("brightness", Brightness, 10.0), ("contrast", Contrast, 10.0), ("saturation", Saturation, 10.0), ("hue", Hue, 0.5) })
            if (v < 0 || v > max || double.IsNaN(v)) c.BadValue($"{at}.{name}", $"between 0 and {max}");
    }
}

/// <summary>Additive Gaussian noise.</summary>
public sealed class NoiseOp
{
    /// <summary>Range of the noise's standard deviation in pixel levels (0 to 255).</summary>
    public List<double> Sigma { get; set; } = [0, 10];

    internal void Check(string at, OptionsValidationContext c) => AugmentOp.Pair(Sigma, $"{at}.sigma", c, 0, 255);
}

/// <summary>Gaussian blur.</summary>
public sealed class BlurOp
{
    /// <summary>Range of sigma in pixels.</summary>
    public List<double> Sigma { get; set; } = [0.1, 2.0];

    /// <summary>Probability of blurring an image.</summary>
    public double Probability { get; set; } = 0.5;

    internal void Check(string at, OptionsValidationContext c)
    {
        AugmentOp.Pair(Sigma, $"{at}.sigma", c, 0.01, 50);
        AugmentOp.Probability(Probability, $"{at}.probability", c);
    }
}

/// <summary>Random grayscale.</summary>
public sealed class GrayscaleOp
{
    /// <summary>Probability of converting an image to gray.</summary>
    public double Probability { get; set; } = 0.1;

    internal void Check(string at, OptionsValidationContext c) => AugmentOp.Probability(Probability, $"{at}.probability", c);
}

/// <summary>Normalize to a float tensor.</summary>
public sealed class NormalizeOp
{
    /// <summary>Per-channel mean on the 0..1 scale (ImageNet's by default).</summary>
    public List<double> Mean { get; set; } = [0.485, 0.456, 0.406];

    /// <summary>Per-channel standard deviation on the 0..1 scale.</summary>
    public List<double> Std { get; set; } = [0.229, 0.224, 0.225];

    internal void Check(string at, OptionsValidationContext c)
    {
        if (Mean.Count != 3) c.BadValue($"{at}.mean", "give three values");
        if (Std.Count != 3 || Std.Any(s => !(s > 0))) c.BadValue($"{at}.std", "give three positive values");
    }
}
