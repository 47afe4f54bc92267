namespace DataPrep.Images.Kernels;

/// <summary>
/// Two-tap bilinear taps for one axis in fixed point (OpenCV's <c>INTER_LINEAR</c> scheme): output
/// index i reads source indexes <c>I0[i]</c> and <c>I1[i]</c> with weights <c>W0[i] + W1[i] = 2048</c>
/// (11-bit coefficients). A one-tap entry (at a clamped edge) repeats its index with weight 0.
/// </summary>
internal sealed class LinearTable
{
    public const int Bits = 11;
    public const int One = 1 << Bits;

    private LinearTable(int[] i0, int[] i1, short[] w0, short[] w1)
    {
        I0 = i0; I1 = i1; W0 = w0; W1 = w1;
    }

    public int[] I0 { get; }

    public int[] I1 { get; }

    public short[] W0 { get; }

    public short[] W1 { get; }

    public int Length => I0.Length;

    /// <summary>
    /// The same table as <c>TryFrom(ResampleTable.Build(inSize, in0, inLength, outSize,
    /// BilinearNoAntialias, mirror))</c> without building the float table first: the same double
    /// operations in the same order (tap positions, clamps, triangle weights, normalisation, the
    /// float rounding), then the same 11-bit rounding.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static LinearTable Build(int inSize, double in0, double inLength, int outSize, bool mirror)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outSize);
        if (!(inLength > 0)) throw new ArgumentOutOfRangeException(nameof(inLength), inLength, "the crop must have a positive size");
        var scale = inLength / outSize;
        var i0 = new int[outSize];
        var i1 = new int[outSize];
        var w0 = new short[outSize];
        var w1 = new short[outSize];
        for (var o = 0; o < outSize; o++)
        {
            // ResampleTable.Build with support 1 and filter scale 1 (at most 2 taps: max - min <= 2).
            var center = in0 + (o + 0.5) * scale;
            var min = Math.Clamp((int)Math.Floor(center - 1.0 + 0.5), 0, inSize - 1);
            var max = Math.Clamp((int)Math.Floor(center + 1.0 + 0.5), min + 1, inSize);
            var n = max - min;
            var first = ResampleTable.Evaluate(ResizeFilter.BilinearNoAntialias, min - center + 0.5);
            var second = n == 2 ? ResampleTable.Evaluate(ResizeFilter.BilinearNoAntialias, min + 1 - center + 0.5) : 0;
            var total = first + second;
            if (total == 0) (n, total, second) = (1, 1, 0); // crop outside the image: the nearest edge pixel
            var slot = mirror ? outSize - 1 - o : o;
            var q = n == 2 ? (int)MathF.Round((float)(second / total) * One) : 0;
            i0[slot] = min;
            i1[slot] = n == 2 ? min + 1 : min;
            w1[slot] = (short)q;
            w0[slot] = (short)(One - q);
        }
        return new LinearTable(i0, i1, w0, w1);
    }

    /// <summary>The fixed-point form of a <see cref="ResizeFilter.BilinearNoAntialias"/> table; null for any other table.</summary>
    public static LinearTable? TryFrom(ResampleTable table)
    {
        if (table.Filter != ResizeFilter.BilinearNoAntialias) return null;
        var n = table.Start.Length;
        var i0 = new int[n];
        var i1 = new int[n];
        var w0 = new short[n];
        var w1 = new short[n];
        for (var i = 0; i < n; i++)
        {
            var count = table.Count[i];
            if (count > 2) return null;
            i0[i] = table.Start[i];
            i1[i] = count == 2 ? table.Start[i] + 1 : table.Start[i];
            // The second weight is rounded, the first is what is left, so the two always sum to One.
            var second = count == 2 ? (int)MathF.Round(table.Weights[i * table.MaxTaps + 1] * One) : 0;
            w1[i] = (short)second;
            w0[i] = (short)(One - second);
        }
        return new LinearTable(i0, i1, w0, w1);
    }
}
