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
