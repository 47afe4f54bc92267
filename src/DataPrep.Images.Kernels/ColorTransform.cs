using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DataPrep.Images.Kernels.Simd;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Applies a <see cref="ColorMatrix"/> to an RGB image in place of a deinterleave: along the flat
/// byte row, <c>out[i] = Σ_d coef_d(i mod 3) · in[i + d]</c> for d in -2..2, where coef_d is the
/// matrix entry linking channel (i mod 3) to channel (i mod 3) + d, or 0 when that leaves the
/// pixel. A vector of N lanes starting at i has a lane-to-channel pattern fixed by i mod 3, so the
/// five coefficient vectors for each of the three phases are built once per call.
/// </summary>
public static class ColorTransform
{
    public static PixelImage Apply(PixelImage source, ColorMatrix matrix)
    {
        if (source.Channels != 3) throw new ArgumentException("color transforms need RGB (3 channels)", nameof(source));
        var output = new PixelImage(source.Width, source.Height, 3);
        var done = Lanes.Width switch
        {
            512 => Run<Lanes512>(source.Data, output.Data, matrix),
            256 => Run<Lanes256>(source.Data, output.Data, matrix),
            128 => Run<Lanes128>(source.Data, output.Data, matrix),
            _ => (Start: 3, End: 3),
        };
        Scalar(source.Data, output.Data, matrix, 0, done.Start);
        Scalar(source.Data, output.Data, matrix, done.End, source.Data.Length);
        return output;
    }

    /// <summary>
    /// Mean luma (0..255) of an RGB image, for contrast: estimated from every fourth row (the
    /// contrast pivot needs no more precision, and this is a quarter of the work).
    /// </summary>
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MeanGray(PixelImage image)
    {
        if (image.Channels < 3) return image.Data.Average(b => (double)b);
        long r = 0, g = 0, b = 0, n = 0;
        var d = image.Data;
        for (var y = 0; y < image.Height; y += 4)
        {
            var end = (y + 1) * image.Stride;
            for (var i = y * image.Stride; i < end; i += image.Channels) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
            n += image.Width;
        }
        return (ColorMatrix.Luma[0] * r + ColorMatrix.Luma[1] * g + ColorMatrix.Luma[2] * b) / n;
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(byte[] src, byte[] dst, ColorMatrix m, int from, int to)
    {
        // Whole pixels only: from and to are multiples of 3.
        for (var i = from; i < to; i += 3)
        for (var c = 0; c < 3; c++)
        {
            var v = MathF.FusedMultiplyAdd(m.M[c * 3], src[i], m.Offset[c]);
            v = MathF.FusedMultiplyAdd(m.M[c * 3 + 1], src[i + 1], v);
            v = MathF.FusedMultiplyAdd(m.M[c * 3 + 2], src[i + 2], v);
            dst[i + c] = Simd.RowSum.ToByte(v);
        }
    }

    /// <summary>Vector part over [Start, End): both multiples of 3, leaving 2 bytes of reach on each side.</summary>
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End) Run<T>(byte[] src, byte[] dst, ColorMatrix m) where T : struct, IFloatLanes<T>
    {
        var n = T.Count;
        // coef[(phase * 5 + d + 2) * n + lane]
        var coef = new float[3 * 5 * n];
        var offs = new float[3 * n];
        for (var phase = 0; phase < 3; phase++)
        for (var lane = 0; lane < n; lane++)
        {
            var ch = (phase + lane) % 3;
            offs[phase * n + lane] = m.Offset[ch];
            for (var d = -2; d <= 2; d++)
            {
                var other = ch + d;
                coef[(phase * 5 + d + 2) * n + lane] = other is >= 0 and < 3 ? m.M[ch * 3 + other] : 0f;
            }
        }
        ref var s = ref MemoryMarshal.GetArrayDataReference(src);
        ref var o = ref MemoryMarshal.GetArrayDataReference(dst);
        ref var cf = ref MemoryMarshal.GetArrayDataReference(coef);
        ref var of = ref MemoryMarshal.GetArrayDataReference(offs);
        var start = 3;
        var i = start;
        var phaseNow = 0;
        var phaseStep = n % 3;
        for (; i + n + 2 <= src.Length; i += n)
        {
            ref var c0 = ref Unsafe.Add(ref cf, phaseNow * 5 * n);
            var acc = T.Load(ref Unsafe.Add(ref of, phaseNow * n));
            acc = T.MultiplyAdd(T.Load(ref c0), T.LoadBytes(ref Unsafe.Add(ref s, i - 2)), acc);
            acc = T.MultiplyAdd(T.Load(ref Unsafe.Add(ref c0, n)), T.LoadBytes(ref Unsafe.Add(ref s, i - 1)), acc);
            acc = T.MultiplyAdd(T.Load(ref Unsafe.Add(ref c0, 2 * n)), T.LoadBytes(ref Unsafe.Add(ref s, i)), acc);
            acc = T.MultiplyAdd(T.Load(ref Unsafe.Add(ref c0, 3 * n)), T.LoadBytes(ref Unsafe.Add(ref s, i + 1)), acc);
            acc = T.MultiplyAdd(T.Load(ref Unsafe.Add(ref c0, 4 * n)), T.LoadBytes(ref Unsafe.Add(ref s, i + 2)), acc);
            T.StoreBytes(acc, ref Unsafe.Add(ref o, i));
            phaseNow += phaseStep;
            if (phaseNow >= 3) phaseNow -= 3;
        }
        // Round the end down to a pixel boundary: the scalar tail redoes at most a partial pixel.
        var end = i / 3 * 3;
        return (start, Math.Max(end, start));
    }
}
