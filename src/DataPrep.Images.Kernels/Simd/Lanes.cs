using System.Runtime.Intrinsics;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>Which vector width the kernels use on this machine (honours DOTNET_EnableAVX512F / AVX2 / HWIntrinsic = 0).</summary>
public static class Lanes
{
    /// <summary>Bits per vector the kernels use: 512, 256, 128, or 0 for the scalar path.</summary>
    public static int Width { get; } =
        Vector512.IsHardwareAccelerated ? 512 :
        Vector256.IsHardwareAccelerated ? 256 :
        Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>Whether any SIMD path is taken.</summary>
    public static bool Accelerated => Width > 0;
}
