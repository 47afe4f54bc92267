using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Rotation about the image centre by any angle (positive = counter-clockwise on screen), bilinear,
/// same output size, with a fill colour where the rotated source does not cover. Inverse mapping:
/// source coordinates advance by a constant step along an output row. With AVX2, 8 output pixels
/// at a time: their source positions as a float vector, the four neighbours of each fetched with
/// 32-bit gathers (one pixel's channels per lane), the lerps per channel in float, and the results
/// packed back to interleaved bytes with one shuffle. Blocks touching the image border (some
/// neighbour outside) take the scalar path; blocks wholly outside are filled.
/// </summary>
public static class Rotate
{
    // Per 128-bit lane: the low 3 bytes of each of 4 dwords, packed into 12 bytes.
    private static readonly Vector256<byte> PackRgb = Vector256.Create(
        (byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 128, 128, 128, 128,
        0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 128, 128, 128, 128);

    public static PixelImage Bilinear(PixelImage source, double degrees, ReadOnlySpan<byte> fill)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        Bilinear(source, degrees, fill, output);
        return output;
    }

    /// <summary>Writes the rotated <paramref name="source"/> into <paramref name="output"/> (same size, another buffer).</summary>
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bilinear(PixelImage source, double degrees, ReadOnlySpan<byte> fill, PixelImage output)
    {
        var c = source.Channels;
        if (fill.Length != c) throw new ArgumentException($"fill needs {c} values", nameof(fill));
        if (output.Width != source.Width || output.Height != source.Height || output.Channels != c)
            throw new ArgumentException($"output is {output.Width}x{output.Height}x{output.Channels}, source {source.Width}x{source.Height}x{c}", nameof(output));
        if (ReferenceEquals(output.Data, source.Data)) throw new ArgumentException("rotate needs an output buffer other than the source", nameof(output));
        var (sin, cos) = Math.SinCos(degrees * Math.PI / 180);
        var w = source.Width; var h = source.Height;
        var cx = w / 2.0; var cy = h / 2.0;
        var vector = Avx2.IsSupported && c is 3 or 4;
        for (var y = 0; y < h; y++)
        {
            var dy = y + 0.5 - cy;
            // Source position (pixel-index space) of output (0, y) and its step per output pixel.
            var sx0 = cx + cos * (0.5 - cx) - sin * dy - 0.5;
            var sy0 = cy + sin * (0.5 - cx) + cos * dy - 0.5;
            var x = 0;
            if (vector) x = RowAvx2(source, output, y, sx0, sy0, cos, sin, fill);
            var sx = sx0 + cos * x; var sy = sy0 + sin * x;
            for (; x < w; x++, sx += cos, sy += sin) Pixel(source, output, x, y, sx, sy, fill);
        }
    }

    /// <summary>Blocks of 8 output pixels of row <paramref name="y"/>; returns the first pixel not done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowAvx2(PixelImage source, PixelImage output, int y, double sx0, double sy0, double cos, double sin, ReadOnlySpan<byte> fill)
    {
        int w = source.Width, h = source.Height, c = source.Channels, stride = source.Stride;
        var len = source.Data.Length;
        var lanes = Vector256.Create(0f, 1, 2, 3, 4, 5, 6, 7);
        var stepX = Vector256.Create((float)cos) * lanes;
        var stepY = Vector256.Create((float)sin) * lanes;
        var wLast = Vector256.Create(w - 1); var hLast = Vector256.Create(h - 1);
        var minusOne = Vector256.Create(-1);
        // 3-channel gathers read 4 bytes, one past the pixel: stay 4 bytes inside the buffer.
        var maxIndex = Vector256.Create(len - 4 - stride - c);
        var vc = Vector256.Create(c); var vStride = Vector256.Create(stride);
        var x = 0;
        // A 3-channel block stores 28 bytes (24 + 4 junk that the next block rewrites): keep them in the row.
        var end = c == 3 ? w - 10 : w - 8;
        fixed (byte* src = source.Data)
        fixed (byte* dst = output.Data)
        {
            var baseIn = (int*)src;
            for (; x <= end; x += 8)
            {
                var vx = Vector256.Create((float)(sx0 + cos * x)) + stepX;
                var vy = Vector256.Create((float)(sy0 + sin * x)) + stepY;
                var flx = Vector256.Floor(vx); var fly = Vector256.Floor(vy);
                var ix = Vector256.ConvertToInt32(flx); var iy = Vector256.ConvertToInt32(fly);
                var i00 = (iy * vStride) + ix * vc;
                var inside = Vector256.GreaterThan(ix, minusOne) & Vector256.GreaterThan(iy, minusOne)
                    & Vector256.LessThan(ix, wLast) & Vector256.LessThan(iy, hLast) & Vector256.LessThanOrEqual(i00, maxIndex);
                var o = dst + (y * w + x) * c;
                if (inside.AsByte().ExtractMostSignificantBits() != uint.MaxValue)
                {
                    var outside = Vector256.LessThan(ix, minusOne) | Vector256.LessThan(iy, minusOne)
                        | Vector256.GreaterThan(ix, wLast) | Vector256.GreaterThan(iy, hLast);
                    if (outside.AsByte().ExtractMostSignificantBits() == uint.MaxValue)
                    {
                        for (var p = 0; p < 8; p++) fill.CopyTo(new Span<byte>(o + p * c, c));
                        continue;
                    }
                    var sx = sx0 + cos * x; var sy = sy0 + sin * x;
                    for (var p = 0; p < 8; p++, sx += cos, sy += sin) Pixel(source, output, x + p, y, sx, sy, fill);
                    continue;
                }
                var fx = vx - flx; var fy = vy - fly;
                var g00 = Avx2.GatherVector256(baseIn, i00, 1);
                var g01 = Avx2.GatherVector256(baseIn, i00 + vc, 1);
                var g10 = Avx2.GatherVector256(baseIn, i00 + vStride, 1);
                var g11 = Avx2.GatherVector256(baseIn, i00 + vStride + vc, 1);
                var packed = Vector256<int>.Zero;
                var mask = Vector256.Create(0xFF);
                for (var ch = 0; ch < c; ch++)
                {
                    var shift = ch * 8;
                    var a = Vector256.ConvertToSingle((g00 >>> shift) & mask);
                    var b = Vector256.ConvertToSingle((g01 >>> shift) & mask);
                    var d = Vector256.ConvertToSingle((g10 >>> shift) & mask);
                    var e = Vector256.ConvertToSingle((g11 >>> shift) & mask);
                    var top = Vector256.FusedMultiplyAdd(fx, b - a, a);
                    var bottom = Vector256.FusedMultiplyAdd(fx, e - d, d);
                    var v = Vector256.FusedMultiplyAdd(fy, bottom - top, top);
                    var r = Avx.ConvertToVector256Int32WithTruncation(v + Vector256.Create(0.5f));
                    packed |= r << shift;
                }
                if (c == 4)
                {
                    packed.AsByte().Store(o);
                    continue;
                }
                var bytes = Avx2.Shuffle(packed.AsByte(), PackRgb);
                bytes.GetLower().Store(o);
                bytes.GetUpper().Store(o + 12);
            }
        }
        return x;
    }

    private static void Pixel(PixelImage source, PixelImage output, int x, int y, double sx, double sy, ReadOnlySpan<byte> fill)
    {
        int w = source.Width, h = source.Height, c = source.Channels;
        var d = source.Data; var o = output.Data;
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
            return;
        }
        if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h)
        {
            fill.CopyTo(o.AsSpan(oi, c));
            return;
        }
        // Border: neighbours outside the image take the fill colour.
        for (var ch = 0; ch < c; ch++)
        {
            var top = Sample(d, w, h, c, x0, y0, ch, fill) * (1 - fx) + Sample(d, w, h, c, x0 + 1, y0, ch, fill) * fx;
            var bottom = Sample(d, w, h, c, x0, y0 + 1, ch, fill) * (1 - fx) + Sample(d, w, h, c, x0 + 1, y0 + 1, ch, fill) * fx;
            o[oi + ch] = Simd.RowSum.ToByte(top + fy * (bottom - top));
        }
    }

    private static float Sample(byte[] d, int w, int h, int c, int x, int y, int ch, ReadOnlySpan<byte> fill) =>
        x >= 0 && y >= 0 && x < w && y < h ? d[(y * w + x) * c + ch] : fill[ch];
}
