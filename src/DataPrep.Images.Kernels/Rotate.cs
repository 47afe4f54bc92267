using System.Runtime.CompilerServices;
namespace DataPrep.Images.Kernels;

/// <summary>
/// Rotation about the image centre by any angle (positive = counter-clockwise on screen), bilinear,
/// same output size, with a fill colour where the rotated source does not cover. Source
/// coordinates advance by a constant step along an output row, so each row costs two adds per
/// pixel before sampling. The sampling itself is scalar (a gather per pixel; no SIMD gain measured
/// worth its complexity here).
/// </summary>
public static class Rotate
{
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PixelImage Bilinear(PixelImage source, double degrees, ReadOnlySpan<byte> fill)
    {
        var c = source.Channels;
        if (fill.Length != c) throw new ArgumentException($"fill needs {c} values", nameof(fill));
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var w = source.Width; var h = source.Height;
        var cx = w / 2.0; var cy = h / 2.0;
        var output = new PixelImage(w, h, c);
        var d = source.Data; var o = output.Data;
        Span<float> acc = stackalloc float[4];
        for (var y = 0; y < h; y++)
        {
            var dy = y + 0.5 - cy;
            // Source position (pixel-index space) of output (0, y) and its step per output pixel.
            var sx = cx + cos * (0.5 - cx) - sin * dy - 0.5;
            var sy = cy + sin * (0.5 - cx) + cos * dy - 0.5;
            for (var x = 0; x < w; x++, sx += cos, sy += sin)
            {
                var x0 = (int)Math.Floor(sx); var y0 = (int)Math.Floor(sy);
                var fx = (float)(sx - x0); var fy = (float)(sy - y0);
                var oi = (y * w + x) * c;
                if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h)
                {
                    var i00 = (y0 * w + x0) * c;
                    var i10 = i00 + w * c;
                    for (var ch = 0; ch < c; ch++)
                    {
                        var top = d[i00 + ch] + fx * (d[i00 + c + ch] - d[i00 + ch]);
                        var bottom = d[i10 + ch] + fx * (d[i10 + c + ch] - d[i10 + ch]);
                        o[oi + ch] = Simd.RowSum.ToByte(top + fy * (bottom - top));
                    }
                    continue;
                }
                if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h)
                {
                    fill.CopyTo(o.AsSpan(oi, c));
                    continue;
                }
                // Border: neighbours outside the image take the fill colour.
                for (var ch = 0; ch < c; ch++)
                {
                    var top = Sample(d, w, h, c, x0, y0, ch, fill) * (1 - fx) + Sample(d, w, h, c, x0 + 1, y0, ch, fill) * fx;
                    var bottom = Sample(d, w, h, c, x0, y0 + 1, ch, fill) * (1 - fx) + Sample(d, w, h, c, x0 + 1, y0 + 1, ch, fill) * fx;
                    o[oi + ch] = Simd.RowSum.ToByte(top + fy * (bottom - top));
                }
            }
        }
        return output;
    }

    private static float Sample(byte[] d, int w, int h, int c, int x, int y, int ch, ReadOnlySpan<byte> fill) =>
        x >= 0 && y >= 0 && x < w && y < h ? d[(y * w + x) * c + ch] : fill[ch];
}
