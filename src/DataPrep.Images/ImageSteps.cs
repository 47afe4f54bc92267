using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Augment;
using DataPrep.Images.Steps.DedupeImages;
using DataPrep.Images.Steps.Quality;
using DataPrep.Steps;

namespace DataPrep.Images;

/// <summary>The single registration list of the image steps: one line per step.</summary>
public static class ImageSteps
{
    /// <summary>Adds <c>augment</c>, <c>image_quality</c> and <c>dedupe_images</c> to <paramref name="registry"/>.</summary>
    /// <param name="notice">Told once when <c>device: auto</c> falls back to the CPU (the CLI prints it).</param>
    public static StepRegistry AddImageSteps(this StepRegistry registry, Action<string>? notice = null) =>
        registry.AddImageSteps(o => KernelSelector.For(o.Device, notice));

    /// <summary>As above, with the augment kernels chosen by <paramref name="kernels"/> (tests: the GPU kernels on ILGPU's CPU accelerator).</summary>
    internal static StepRegistry AddImageSteps(this StepRegistry registry, Func<AugmentOptions, IImageKernels?> kernels) => registry
        .Register<AugmentOptions>("augment", (o, id) => new AugmentStep(o, id, SkiaImageCodec.Instance, () => kernels(o)))
        .Register<ImageQualityOptions>("image_quality", (o, id) => new ImageQualityStep(o, id, SkiaImageCodec.Instance))
        .Register<DedupeImagesOptions>("dedupe_images", (o, id) => new DedupeImagesStep(o, id, SkiaImageCodec.Instance));

    /// <summary>The built-in steps plus the image steps.</summary>
    public static StepRegistry CreateRegistry(Action<string>? notice = null) => StepRegistry.CreateDefault().AddImageSteps(notice);
}
