namespace DataPrep.Images.Gpu;

/// <summary>
/// Where a batch's parts lie in the slot's buffers. Ints: per job (source offset, source width),
/// then x taps (start, count) for every job, then y taps. Floats: x weights (job-major, XMaxTaps
/// per output column), then y weights, then 16 colour floats per job (3×3 matrix, offset at mean
/// gray 0, offset per unit of mean gray, 0, 0, jitter flag).
/// </summary>
internal readonly record struct FusedLayout(int Count, int Width, int Height, int XMaxTaps, int YMaxTaps, long PixelBytes)
{
    public const int ColorFloats = 16;

    public long IntCount => 2L * Count + 2L * Count * Width + 2L * Count * Height;

    public long FloatCount => (long)Count * Width * XMaxTaps + (long)Count * Height * YMaxTaps + (long)ColorFloats * Count;

    public long OutputCount => 3L * Count * Width * Height;

    public int XTaps => 2 * Count;

    public int YTaps => XTaps + 2 * Count * Width;

    public int YWeights => Count * Width * XMaxTaps;

    public int Colors => YWeights + Count * Height * YMaxTaps;
}

/// <summary>The scalars of the batch kernels: the layout plus the normalisation (out = v · Scale + Bias per channel). Public because ILGPU's CPU accelerator emits code that reads it.</summary>
public readonly record struct FusedShape(int Count, int Width, int Height, int XMaxTaps, int YMaxTaps,
    float Scale0, float Scale1, float Scale2, float Bias0, float Bias1, float Bias2);
