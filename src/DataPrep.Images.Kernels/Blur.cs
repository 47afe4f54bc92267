using System.Buffers;
using DataPrep.Images.Kernels.Simd;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Separable Gaussian blur, edges replicated. Per output row: a vertical pass over the whole row
/// into floats (padded by the radius on both sides with the edge pixels), then a horizontal pass
/// along the interleaved row with a step of one pixel, both vectorised over channel values.
/// </summary>
public static class Blur
{
    /// <summary>Normalised taps for σ, radius ⌈3σ⌉.</summary>
    public static float[] Kernel(double sigma)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive");
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var w = new double[2 * radius + 1];
        for (var i = 0; i < w.Length; i++) w[i] = Math.Exp(-0.5 * (i - radius) * (i - radius) / (sigma * sigma));
        var total = w.Sum();
        return w.Select(v => (float)(v / total)).ToArray();
    }

    public static PixelImage Gaussian(PixelImage source, double sigma)
    {
        var kernel = Kernel(sigma);
        var radius = kernel.Length / 2;
        var c = source.Channels;
        var stride = source.Stride;
        var output = new PixelImage(source.Width, source.Height, c);
        var row = ArrayPool<float>.Shared.Rent(stride + 2 * radius * c);
        var offsets = new int[kernel.Length];
        try
        {
            for (var y = 0; y < source.Height; y++)
            {
                for (var k = 0; k < kernel.Length; k++) offsets[k] = Math.Clamp(y + k - radius, 0, source.Height - 1) * stride;
                RowSum.Vertical(source.Data, offsets, kernel, row.AsSpan(radius * c, stride), stride);
                for (var p = 0; p < radius; p++)
                for (var ch = 0; ch < c; ch++)
                {
                    row[p * c + ch] = row[radius * c + ch];
                    row[(radius + source.Width + p) * c + ch] = row[(radius + source.Width - 1) * c + ch];
                }
                RowSum.Horizontal(row, c, kernel, output.Row(y), stride);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
        return output;
    }
}
