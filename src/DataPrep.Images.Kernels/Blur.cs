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
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        Gaussian(source, sigma, output);
        return output;
    }

    /// <summary>Writes the blurred <paramref name="source"/> into <paramref name="output"/> (same size, another buffer).</summary>
    public static void Gaussian(PixelImage source, double sigma, PixelImage output)
    {
        if (output.Width != source.Width || output.Height != source.Height || output.Channels != source.Channels)
            throw new ArgumentException($"output is {output.Width}x{output.Height}x{output.Channels}, source {source.Width}x{source.Height}x{source.Channels}", nameof(output));
        if (ReferenceEquals(output.Data, source.Data)) throw new ArgumentException("blur needs an output buffer other than the source", nameof(output));
        var kernel = Kernel(sigma);
        var taps = kernel.Length;
        var radius = taps / 2;
        var c = source.Channels;
        var stride = source.Stride;
        // A sliding window of source rows converted to float once each: slot (row mod taps) holds
        // the row until a row 'taps' further down replaces it, by which time no output needs it.
        var ring = ArrayPool<float>.Shared.Rent(taps * stride);
        var row = ArrayPool<float>.Shared.Rent(stride + 2 * radius * c);
        Span<int> offsets = stackalloc int[taps];
        var loaded = -1; // last source row converted
        try
        {
            for (var y = 0; y < source.Height; y++)
            {
                var needed = Math.Min(y + radius, source.Height - 1);
                for (; loaded < needed; loaded++) RowSum.ToFloat(source.Row(loaded + 1), ring.AsSpan((loaded + 1) % taps * stride, stride));
                for (var k = 0; k < taps; k++) offsets[k] = Math.Clamp(y + k - radius, 0, source.Height - 1) % taps * stride;
                RowSum.VerticalFloat(ring, offsets, kernel, row.AsSpan(radius * c, stride), stride);
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
            ArrayPool<float>.Shared.Return(ring);
            ArrayPool<float>.Shared.Return(row);
        }
    }
}
