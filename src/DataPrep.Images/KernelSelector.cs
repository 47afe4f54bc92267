using DataPrep.Images.Gpu;
using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Augment;

namespace DataPrep.Images;

/// <summary>
/// Picks the kernels for a <c>device</c> option. The CUDA accelerator is created once per process
/// (kernels compiled once) on first use; <c>auto</c> without a usable CUDA device falls back to
/// the SIMD kernels and reports that once through the notice callback.
/// </summary>
internal static class KernelSelector
{
    private static readonly Lazy<GpuKernels?> Cuda = new(() => GpuKernels.TryCreateCuda());
    private static int _noticed;

    /// <summary>Null when <paramref name="device"/> is <c>gpu</c> and no CUDA device is usable.</summary>
    public static IImageKernels? For(ComputeDevice device, Action<string>? notice)
    {
        if (device == ComputeDevice.Cpu) return SimdKernels.Instance;
        if (Cuda.Value is { } gpu) return gpu;
        if (device == ComputeDevice.Gpu) return null;
        if (Interlocked.Exchange(ref _noticed, 1) == 0)
            notice?.Invoke($"augment: device auto found no usable CUDA device; using the {SimdKernels.Instance.Name} kernels");
        return SimdKernels.Instance;
    }
}
