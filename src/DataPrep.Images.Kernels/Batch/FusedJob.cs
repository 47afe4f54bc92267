namespace DataPrep.Images.Kernels.Batch;

/// <summary>
/// One image's share of the fused augment op: crop + flip + resize (one resample of
/// <see cref="Crop"/> with <see cref="Filter"/>), then an optional colour jitter, then normalize to
/// CHW float32. The output size and the normalisation are the batch's (<see cref="FusedSpec"/>).
/// </summary>
public sealed record FusedJob(PixelImage Source, CropRect Crop, ResizeFilter Filter, bool FlipHorizontal, bool FlipVertical, JitterParams? Jitter);

/// <summary>Colour jitter factors as <see cref="ColorMatrix.Jitter"/> takes them (the mean gray comes from the resized image).</summary>
public readonly record struct JitterParams(double Brightness, double Contrast, double Saturation, double Hue);

/// <summary>What every job of a batch shares: the output size and the per-channel mean and std (RGB).</summary>
public sealed record FusedSpec(int Width, int Height, float[] Mean, float[] Std)
{
    /// <summary>Floats per output tensor (3 × height × width).</summary>
    public int TensorLength => 3 * Width * Height;

    /// <summary>Same output size and normalisation (the arrays compared by value).</summary>
    public bool SameAs(FusedSpec other) =>
        Width == other.Width && Height == other.Height && Mean.AsSpan().SequenceEqual(other.Mean) && Std.AsSpan().SequenceEqual(other.Std);
}
