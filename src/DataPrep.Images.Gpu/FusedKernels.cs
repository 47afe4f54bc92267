using ILGPU;

namespace DataPrep.Images.Gpu;

/// <summary>
/// The batch kernels: index X is the pixel within an output image (y · width + x), index Y the
/// image within the batch, so one launch covers the whole batch. Buffers as in <see cref="FusedLayout"/>.
/// </summary>
internal static class FusedKernels
{
    /// <summary>Crop + flip + resize of every image: the taps already carry the crop and the flips.</summary>
    public static void Resample(Index2D at, ArrayView<byte> pixels, ArrayView<int> ints, ArrayView<float> floats, ArrayView<byte> resized, FusedShape s)
    {
        int n = at.Y, x = at.X % s.Width, y = at.X / s.Width;
        int source = ints[2 * n], sourceWidth = ints[2 * n + 1];
        var xt = 2 * s.Count + 2 * (n * s.Width + x);
        var yt = 2 * s.Count + 2 * s.Count * s.Width + 2 * (n * s.Height + y);
        int x0 = ints[xt], xn = ints[xt + 1], y0 = ints[yt], yn = ints[yt + 1];
        var xw = (n * s.Width + x) * s.XMaxTaps;
        var yw = s.Count * s.Width * s.XMaxTaps + (n * s.Height + y) * s.YMaxTaps;
        float r = 0, g = 0, b = 0;
        for (var i = 0; i < yn; i++)
        {
            // Horizontal taps per source row, then the row's vertical weight (the SIMD path sums in the other order: parity is within one level).
            float rr = 0, gg = 0, bb = 0;
            var p = source + ((y0 + i) * sourceWidth + x0) * 3;
            for (var j = 0; j < xn; j++, p += 3)
            {
                var w = floats[xw + j];
                rr += w * pixels[p]; gg += w * pixels[p + 1]; bb += w * pixels[p + 2];
            }
            var wy = floats[yw + i];
            r += wy * rr; g += wy * gg; b += wy * bb;
        }
        var o = (n * s.Width * s.Height + at.X) * 3;
        resized[o] = ToByte(r); resized[o + 1] = ToByte(g); resized[o + 2] = ToByte(b);
    }

    /// <summary>
    /// Per image R, G, B sums over every fourth row (as <c>ColorTransform.MeanGray</c> samples),
    /// one thread per sampled row; integer atomics, so the sums do not depend on thread order.
    /// </summary>
    public static void MeanGraySums(Index2D at, ArrayView<byte> resized, ArrayView<int> sums, FusedShape s)
    {
        int n = at.Y, y = at.X * 4;
        int r = 0, g = 0, b = 0;
        var p = (n * s.Width * s.Height + y * s.Width) * 3;
        for (var x = 0; x < s.Width; x++, p += 3) { r += resized[p]; g += resized[p + 1]; b += resized[p + 2]; }
        Atomic.Add(ref sums[3 * n], r);
        Atomic.Add(ref sums[3 * n + 1], g);
        Atomic.Add(ref sums[3 * n + 2], b);
    }

    /// <summary>Colour jitter (when the job has one) rounded to 8 bits, then normalize into the image's CHW planes.</summary>
    public static void ColorNormalize(Index2D at, ArrayView<byte> resized, ArrayView<int> sums, ArrayView<float> floats, ArrayView<float> output, FusedShape s)
    {
        var n = at.Y;
        var plane = s.Width * s.Height;
        var i = (n * plane + at.X) * 3;
        float r = resized[i], g = resized[i + 1], b = resized[i + 2];
        var c = s.Count * s.Width * s.XMaxTaps + s.Count * s.Height * s.YMaxTaps + 16 * n;
        if (floats[c + 15] != 0)
        {
            var sampled = (float)(((s.Height + 3) / 4) * s.Width);
            var mean = (0.299f * sums[3 * n] + 0.587f * sums[3 * n + 1] + 0.114f * sums[3 * n + 2]) / sampled;
            var r2 = ToByte(floats[c] * r + floats[c + 1] * g + floats[c + 2] * b + floats[c + 9] + floats[c + 12] * mean);
            var g2 = ToByte(floats[c + 3] * r + floats[c + 4] * g + floats[c + 5] * b + floats[c + 10] + floats[c + 13] * mean);
            var b2 = ToByte(floats[c + 6] * r + floats[c + 7] * g + floats[c + 8] * b + floats[c + 11] + floats[c + 14] * mean);
            r = r2; g = g2; b = b2;
        }
        var o = n * 3 * plane + at.X;
        output[o] = r * s.Scale0 + s.Bias0;
        output[o + plane] = g * s.Scale1 + s.Bias1;
        output[o + 2 * plane] = b * s.Scale2 + s.Bias2;
    }

    private static byte ToByte(float v)
    {
        var r = MathF.Floor(v + 0.5f);
        return (byte)(r < 0 ? 0 : r > 255 ? 255 : r);
    }
}
