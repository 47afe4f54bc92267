using System.Runtime.InteropServices;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;

namespace DataPrep.Images.Steps.Augment;

/// <summary>Re-creates an augmented image from its source bytes and its params column entry.</summary>
public static class AugmentReplay
{
    /// <summary>The output bytes augment wrote for this copy (same codec settings, CPU kernels).</summary>
    public static byte[] Run(ReadOnlySpan<byte> encoded, string parametersJson, AugmentOptions options)
    {
        var plan = AugmentPlan.FromJson(parametersJson);
        var decoded = AugmentPlan.Decode(SkiaImageCodec.Instance, encoded, [plan], options.MaxPixels, options.ReducedDecode);
        var (image, tensor) = plan.Apply(decoded, SimdKernels.Instance, options.Format == AugmentFormat.Tensor);
        if (tensor is not null) return MemoryMarshal.AsBytes(tensor.AsSpan()).ToArray();
        var format = options.Format switch { AugmentFormat.Jpeg => ImageFormat.Jpeg, AugmentFormat.Webp => ImageFormat.Webp, _ => ImageFormat.Png };
        return SkiaImageCodec.Instance.Encode(image, format, options.Quality);
    }
}
