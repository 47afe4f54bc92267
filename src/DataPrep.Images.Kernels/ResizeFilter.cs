namespace DataPrep.Images.Kernels;

/// <summary>Resampling filter. Every filter is widened by the scale factor when shrinking, so downscaling is antialiased.</summary>
public enum ResizeFilter
{
    /// <summary>Triangle filter (support 1).</summary>
    Bilinear,

    /// <summary>Keys cubic with a = -0.5 (support 2).</summary>
    Bicubic,

    /// <summary>Box filter: each output pixel averages the source area it covers.</summary>
    Area,
}
