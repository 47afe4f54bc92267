using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Augment;

namespace DataPrep.Images;

/// <summary>Picks the kernels for a <c>device</c> option.</summary>
internal static class KernelSelector
{
    public static IImageKernels For(ComputeDevice device) => device switch
    {
        ComputeDevice.Cpu => SimdKernels.Instance,
        _ => throw new NotSupportedException("device: gpu and auto need DataPrep.Images.Gpu"),
    };
}
