using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        var output = new PixelImage(source.Width, source.Height, 3);
        Apply(source, matrix, output);
        return output;
    }

    /// <summary>Writes the transformed <paramref name="source"/> into <paramref name="output"/> (same size, another buffer).</summary>
    public static void Apply(PixelImage source, ColorMatrix matrix, PixelImage output)
    {
        if (source.Channels != 3) throw new ArgumentException("color transforms need RGB (3 channels)", nameof(source));
        if (output.Width != source.Width || output.Height != source.Height || output.Channels != 3)
            throw new ArgumentException($"output is {output.Width}x{output.Height}x{output.Channels}, source {source.Width}x{source.Height}x3", nameof(output));
        if (ReferenceEquals(output.Data, source.Data)) throw new ArgumentException("the colour transform needs an output buffer other than the source", nameof(output));
        var fixedPoint = FixedPoint(matrix);
        var done = Lanes.Width switch
        {
            512 when fixedPoint is not null && Avx512BW.IsSupported => RunInt16Avx512(source.Data, output.Data, fixedPoint),
            256 or 512 when fixedPoint is not null && Avx2.IsSupported => RunInt16Avx2(source.Data, output.Data, fixedPoint),
            512 => Run<Lanes512>(source.Data, output.Data, matrix),
            256 => Run<Lanes256>(source.Data, output.Data, matrix),
            128 => Run<Lanes128>(source.Data, output.Data, matrix),
            _ => (Start: 3, End: 3),
        };
        Scalar(source.Data, output.Data, matrix, 0, done.Start);
        Scalar(source.Data, output.Data, matrix, done.End, source.Data.Length);
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
        Span<long> sums = stackalloc long[3];
        for (var y = 0; y < image.Height; y += 4)
        {
            var start = y * image.Stride;
            var done = image.Channels == 3 && Vector128.IsHardwareAccelerated ? SumRgb(d.AsSpan(start, image.Stride), sums) : 0;
            var end = start + image.Stride;
            for (var i = start + done; i < end; i += image.Channels) { r += d[i]; g += d[i + 1]; b += d[i + 2]; }
            n += image.Width;
        }
        r += sums[0]; g += sums[1]; b += sums[2];
        return (ColorMatrix.Luma[0] * r + ColorMatrix.Luma[1] * g + ColorMatrix.Luma[2] * b) / n;
    }

    /// <summary>
    /// Adds the R, G and B sums of whole 16-pixel blocks of an RGB row to <paramref name="sums"/>;
    /// returns the bytes done. Three 16-byte loads per block, widened into 16-bit lane sums (byte
    /// j of load k is channel (16k + j) mod 3), flushed to 64 bits before they could overflow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SumRgb(ReadOnlySpan<byte> row, Span<long> sums)
    {
        ref var s = ref MemoryMarshal.GetReference(row);
        var i = 0;
        while (i + 48 <= row.Length)
        {
            Vector128<ushort> a0 = default, a1 = default, b0 = default, b1 = default, c0 = default, c1 = default;
            for (var blocks = 0; blocks < 250 && i + 48 <= row.Length; blocks++, i += 48)
            {
                var (l, h) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)i)); a0 += l; a1 += h;
                (l, h) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)(i + 16))); b0 += l; b1 += h;
                (l, h) = Vector128.Widen(Vector128.LoadUnsafe(ref s, (nuint)(i + 32))); c0 += l; c1 += h;
            }
            ReadOnlySpan<Vector128<ushort>> parts = [a0, a1, b0, b1, c0, c1];
            for (var p = 0; p < 6; p++)
            for (var j = 0; j < 8; j++)
                sums[(p * 8 + j) % 3] += parts[p].GetElement(j);
        }
        return i;
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

    /// <summary>
    /// The matrix in 16-bit fixed point: coefficients × 2¹² and offsets × 2³, or null when a row's
    /// worst-case sum (255 · Σ|m| + |offset|) could leave the 16-bit range (then the float path runs).
    /// </summary>
    private static short[]? FixedPoint(ColorMatrix m)
    {
        var q = new short[12];
        for (var r = 0; r < 3; r++)
        {
            double bound = Math.Abs(m.Offset[r]);
            for (var k = 0; k < 3; k++) bound += 255 * Math.Abs(m.M[r * 3 + k]);
            if (bound >= 4000) return null;
            for (var k = 0; k < 3; k++) q[r * 3 + k] = (short)Math.Round(m.M[r * 3 + k] * 4096.0);
            q[9 + r] = (short)Math.Round(m.Offset[r] * 8.0);
        }
        return q;
    }

    /// <summary>The five tap vectors (d = -2..2) and the offset vector of each of the three phases, <paramref name="n"/> lanes each.</summary>
    private static short[] FixedTable(short[] q, int n)
    {
        // table[(phase * 6 + t) * n + lane], t = 0..4 the taps d = t - 2, t = 5 the offset.
        var table = new short[3 * 6 * n];
        for (var phase = 0; phase < 3; phase++)
        for (var lane = 0; lane < n; lane++)
        {
            var ch = (phase + lane) % 3;
            table[(phase * 6 + 5) * n + lane] = q[9 + ch];
            for (var d = -2; d <= 2; d++)
            {
                var other = ch + d;
                table[(phase * 6 + d + 2) * n + lane] = other is >= 0 and < 3 ? q[ch * 3 + other] : (short)0;
            }
        }
        return table;
    }

    /// <summary>
    /// 10 pixels (30 values, stored as 32 with 2 bytes that the next step rewrites) per step in
    /// 16-bit fixed point: the bytes are widened and scaled by 2⁶, three word permutes give each
    /// lane its pixel's R, G and B, each is multiplied by the lane's Q12 coefficient with a rounding
    /// high multiply (value × coefficient × 2³), summed with the offset, and rounded back by 2³.
    /// Steps start on pixel boundaries, so the lane → channel pattern is fixed. The worst-case error
    /// stays below 0.4 of a level before the final rounding (see <see cref="FixedPoint"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End) RunInt16Avx512(byte[] src, byte[] dst, short[] q)
    {
        Span<short> idx = stackalloc short[32 * 3];
        Span<short> coef = stackalloc short[32 * 4];
        for (var j = 0; j < 32; j++)
        {
            var px = Math.Min(j / 3, 9) * 3; // lanes 30, 31: junk, read pixel 9
            var ch = j % 3;
            for (var k = 0; k < 3; k++)
            {
                idx[k * 32 + j] = (short)(px + k);
                coef[k * 32 + j] = q[ch * 3 + k];
            }
            coef[3 * 32 + j] = q[9 + ch];
        }
        var ir = Vector512.Create((ReadOnlySpan<short>)idx[..32]);
        var ig = Vector512.Create((ReadOnlySpan<short>)idx.Slice(32, 32));
        var ib = Vector512.Create((ReadOnlySpan<short>)idx.Slice(64, 32));
        var cr = Vector512.Create((ReadOnlySpan<short>)coef[..32]);
        var cg = Vector512.Create((ReadOnlySpan<short>)coef.Slice(32, 32));
        var cb = Vector512.Create((ReadOnlySpan<short>)coef.Slice(64, 32));
        var off = Vector512.Create((ReadOnlySpan<short>)coef.Slice(96, 32));
        var four = Vector512.Create((short)4);
        ref var s = ref MemoryMarshal.GetArrayDataReference(src);
        ref var o = ref MemoryMarshal.GetArrayDataReference(dst);
        var i = 0;
        for (; i + 32 <= src.Length; i += 30)
        {
            var x = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref s, (nuint)i)) << 6;
            var acc = Avx512BW.AddSaturate(off, Avx512BW.MultiplyHighRoundScale(Avx512BW.PermuteVar32x16(x, ir), cr));
            acc = Avx512BW.AddSaturate(acc, Avx512BW.MultiplyHighRoundScale(Avx512BW.PermuteVar32x16(x, ig), cg));
            acc = Avx512BW.AddSaturate(acc, Avx512BW.MultiplyHighRoundScale(Avx512BW.PermuteVar32x16(x, ib), cb));
            var v = Vector512.Max(Avx512BW.AddSaturate(acc, four) >> 3, Vector512<short>.Zero);
            Avx512BW.ConvertToVector256ByteWithSaturation(v.AsUInt16()).StoreUnsafe(ref o, (nuint)i);
        }
        // [0, i) is done (the junk bytes past i are rewritten by the scalar tail).
        return (0, i);
    }

    /// <summary>As <see cref="RunInt16Avx512"/>, 16 values per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Start, int End) RunInt16Avx2(byte[] src, byte[] dst, short[] q)
    {
        const int n = 16;
        var table = FixedTable(q, n);
        ref var s = ref MemoryMarshal.GetArrayDataReference(src);
        ref var o = ref MemoryMarshal.GetArrayDataReference(dst);
        ref var tb = ref MemoryMarshal.GetArrayDataReference(table);
        var start = 3;
        var i = start;
        var phase = 0;
        var four = Vector256.Create((short)4);
        for (; i + n + 2 <= src.Length; i += n)
        {
            ref var t = ref Unsafe.Add(ref tb, phase * 6 * n);
            var acc = Vector256.LoadUnsafe(ref t, 5 * n);
            for (var d = 0; d < 5; d++)
            {
                var x = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref s, (nuint)(i + d - 2))) << 6;
                acc = Avx2.AddSaturate(acc, Avx2.MultiplyHighRoundScale(x, Vector256.LoadUnsafe(ref t, (nuint)(d * n))));
            }
            var v = Avx2.AddSaturate(acc, four) >> 3;
            // Per-lane pack, then the two low quadwords together.
            var packed = Avx2.PackUnsignedSaturate(v, v).AsUInt64();
            Avx2.Permute4x64(packed, 0b_1000).GetLower().AsByte().StoreUnsafe(ref o, (nuint)i);
            phase += 1;
            if (phase >= 3) phase -= 3;
        }
        var end = i / 3 * 3;
        return (start, Math.Max(end, start));
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
