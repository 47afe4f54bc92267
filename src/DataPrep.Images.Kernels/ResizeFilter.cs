namespace DataPrep.Images.Kernels;

/// <summary>
/// Resampling filter. Every filter but <see cref="BilinearNoAntialias"/> is widened by the scale
/// factor when shrinking, so downscaling is antialiased.
/// </summary>
public enum ResizeFilter
{
    /// <summary>Triangle filter (support 1).</summary>
    Bilinear,

    /// <summary>Keys cubic with a = -0.5 (support 2).</summary>
    Bicubic,

    /// <summary>Box filter: each output pixel averages the source area it covers.</summary>
    Area,

    /// <summary>
    /// Triangle filter never widened: two taps per axis at any scale, like OpenCV's INTER_LINEAR
    /// and torchvision's <c>antialias=False</c>. Faster; aliases when shrinking by more than 2.
    /// </summary>
    BilinearNoAntialias,
}
