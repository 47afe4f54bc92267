using DataPrep.Images.Codecs;
using DataPrep.Images.Steps.Augment;
using DataPrep.Images.Steps.DedupeImages;
using DataPrep.Images.Steps.Quality;
using DataPrep.Steps;

namespace DataPrep.Images;

/// <summary>The single registration list of the image steps: one line per step.</summary>
public static class ImageSteps
{
    /// <summary>Adds <c>augment</c>, <c>image_quality</c> and <c>dedupe_images</c> to <paramref name="registry"/>.</summary>
    public static StepRegistry AddImageSteps(this StepRegistry registry) => registry
        .Register<AugmentOptions>("augment", (o, id) => new AugmentStep(o, id, SkiaImageCodec.Instance, KernelSelector.For(o.Device)))
        .Register<ImageQualityOptions>("image_quality", (o, id) => new ImageQualityStep(o, id, SkiaImageCodec.Instance))
        .Register<DedupeImagesOptions>("dedupe_images", (o, id) => new DedupeImagesStep(o, id, SkiaImageCodec.Instance));

    /// <summary>The built-in steps plus the image steps.</summary>
    public static StepRegistry CreateRegistry() => StepRegistry.CreateDefault().AddImageSteps();
}
