namespace DataPrep.Images.Kernels;

/// <summary>
/// Precomputed taps for one axis of a separable resample (Pillow's scheme): output index i reads
/// source indexes <c>Start[i] .. Start[i] + Count[i]</c> with normalised weights
/// <c>Weights[i * MaxTaps ..]</c>. Mirroring the table flips the axis at no cost.
/// </summary>
public sealed class ResampleTable
{
    private ResampleTable(int[] start, int[] count, float[] weights, int maxTaps, ResizeFilter filter)
    {
        Filter = filter;
        Start = start;
        Count = count;
        Weights = weights;
        MaxTaps = maxTaps;
        Low = start.Min();
        High = start.Zip(count, (s, c) => s + c).Max();
    }

    /// <summary>The filter the taps were built for.</summary>
    public ResizeFilter Filter { get; }

    public int[] Start { get; }

    public int[] Count { get; }

    public float[] Weights { get; }

    public int MaxTaps { get; }

    /// <summary>First source index any output reads.</summary>
    public int Low { get; }

    /// <summary>One past the last source index any output reads.</summary>
    public int High { get; }

    public static double Support(ResizeFilter filter) => filter switch
    {
        ResizeFilter.Bilinear or ResizeFilter.BilinearNoAntialias => 1.0,
        ResizeFilter.Bicubic => 2.0,
        _ => 0.5,
    };

    public static double Evaluate(ResizeFilter filter, double x)
    {
        x = Math.Abs(x);
        switch (filter)
        {
            case ResizeFilter.Bilinear or ResizeFilter.BilinearNoAntialias:
                return x < 1 ? 1 - x : 0;
            case ResizeFilter.Bicubic:
                const double a = -0.5;
                if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
                if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
                return 0;
            default:
                return x < 0.5 ? 1 : x == 0.5 ? 0.5 : 0;
        }
    }

    /// <param name="inSize">Source length along the axis (taps are clamped to it).</param>
    /// <param name="in0">Start of the crop along the axis.</param>
    /// <param name="inLength">Length of the crop.</param>
    /// <param name="outSize">Output length.</param>
    /// <param name="mirror">Output index i takes the taps of <c>outSize - 1 - i</c>.</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ResampleTable Build(int inSize, double in0, double inLength, int outSize, ResizeFilter filter, bool mirror)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
        if (!(inLength > 0)) throw new ArgumentOutOfRangeException(nameof(inLength), inLength, "the crop must have a positive size");
        var scale = inLength / outSize;
        var filterScale = filter == ResizeFilter.BilinearNoAntialias ? 1.0 : Math.Max(scale, 1.0);
        var support = Support(filter) * filterScale;
        var maxTaps = (int)Math.Ceiling(support) * 2 + 1;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * maxTaps];
        var w = new double[maxTaps];
        for (var o = 0; o < outSize; o++)
        {
            var center = in0 + (o + 0.5) * scale;
            var min = Math.Clamp((int)Math.Floor(center - support + 0.5), 0, inSize - 1);
            var max = Math.Clamp((int)Math.Floor(center + support + 0.5), min + 1, inSize);
            var n = Math.Min(max - min, maxTaps);
            double total = 0;
            for (var t = 0; t < n; t++)
            {
                w[t] = Evaluate(filter, (min + t - center + 0.5) / filterScale);
                total += w[t];
            }
            if (total == 0)
            {
                // The crop lies outside the image along this axis: take the nearest edge pixel.
                w[0] = 1; total = 1; n = 1;
            }
            var slot = mirror ? outSize - 1 - o : o;
            start[slot] = min;
            count[slot] = n;
            for (var t = 0; t < n; t++) weights[slot * maxTaps + t] = (float)(w[t] / total);
        }
        return new ResampleTable(start, count, weights, maxTaps, filter);
    }
}
