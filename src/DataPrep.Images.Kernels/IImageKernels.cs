namespace DataPrep.Images.Kernels;

/// <summary>
/// The fused ops an accelerator can take over: crop + flip + resize, colour matrix, normalize +
/// HWC→CHW. <see cref="SimdKernels"/> is the CPU implementation; DataPrep.Images.Gpu has the ILGPU one.
/// </summary>
public interface IImageKernels
{
    string Name { get; }

    PixelImage Resample(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal, bool flipVertical);

    PixelImage Color(PixelImage source, ColorMatrix matrix);

    float[] NormalizeChw(PixelImage source, float[] mean, float[] std);
}

/// <summary>The CPU (SIMD) kernels.</summary>
public sealed class SimdKernels : IImageKernels
{
    public static readonly SimdKernels Instance = new();

    public string Name => Simd.Lanes.Width > 0 ? $"cpu (SIMD {Simd.Lanes.Width}-bit)" : "cpu (scalar)";

    public PixelImage Resample(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal, bool flipVertical) =>
        Kernels.Resample.Run(source, crop, width, height, filter, flipHorizontal, flipVertical);

    public PixelImage Color(PixelImage source, ColorMatrix matrix) => ColorTransform.Apply(source, matrix);

    public float[] NormalizeChw(PixelImage source, float[] mean, float[] std) => Normalize.ToChw(source, mean, std);
}
