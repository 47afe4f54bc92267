namespace DataPrep.Images.Kernels.Batch;

/// <summary>
/// The fused augment op for one image with any <see cref="IImageKernels"/>: resample (crop, flips,
/// resize) to 8 bits, colour jitter on that image (contrast pivots on its mean gray) to 8 bits, then
/// normalize to CHW. This is the order the augment step applies the same ops in, so a batch path
/// that reproduces it is a drop-in replacement (within the parity tolerance of its kernels).
/// </summary>
public static class FusedAugment
{
    public static float[] Run(IImageKernels kernels, FusedJob job, FusedSpec spec)
    {
        if (job.Source.Channels != 3) throw new ArgumentException("the fused augment op needs RGB (3 channels)", nameof(job));
        var image = kernels.Resample(job.Source, job.Crop, spec.Width, spec.Height, job.Filter, job.FlipHorizontal, job.FlipVertical);
        if (job.Jitter is { } j)
            image = kernels.Color(image, ColorMatrix.Jitter(j.Brightness, j.Contrast, j.Saturation, j.Hue, ColorTransform.MeanGray(image)));
        return kernels.NormalizeChw(image, spec.Mean, spec.Std);
    }

    /// <summary>Checks that every job and <paramref name="spec"/> fit the fused op.</summary>
    public static void Validate(IReadOnlyList<FusedJob> jobs, FusedSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Height);
        if (spec.Mean.Length != 3 || spec.Std.Length != 3) throw new ArgumentException("mean and std need 3 values (RGB)", nameof(spec));
        for (var i = 0; i < jobs.Count; i++)
        {
            if (jobs[i].Source.Channels != 3) throw new ArgumentException($"job {i}: the fused augment op needs RGB (3 channels)", nameof(jobs));
        }
    }
}
