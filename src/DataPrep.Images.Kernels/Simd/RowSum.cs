using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>
/// The two inner loops of every separable filter (resize, blur). Both run along an interleaved
/// row as one flat array of channel values, so a vector holds whatever mix of channels falls in
/// it: the weights are the same for every lane, and no deinterleaving is needed. Remainders that
/// do not fill a vector are finished by the scalar loop.
/// </summary>
internal static class RowSum
{
    /// <summary><c>dst[i] = Σₖ weights[k] · src[rowOffsets[k] + i]</c> for i &lt; <paramref name="length"/>.</summary>
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vertical(ReadOnlySpan<byte> src, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<float> weights, Span<float> dst, int length)
    {
        var done = Lanes.Width switch
        {
            512 => Vertical<Lanes512>(src, rowOffsets, weights, dst, length),
            256 => Vertical<Lanes256>(src, rowOffsets, weights, dst, length),
            128 => Vertical<Lanes128>(src, rowOffsets, weights, dst, length),
            _ => 0,
        };
        for (var i = done; i < length; i++)
        {
            var acc = 0f;
            for (var k = 0; k < rowOffsets.Length; k++) acc = MathF.FusedMultiplyAdd(weights[k], src[rowOffsets[k] + i], acc);
            dst[i] = acc;
        }
    }

    /// <summary><c>dst[i] = round(Σₖ weights[k] · src[i + k · step])</c>: a 1-D convolution along an interleaved row (step = channels).</summary>
    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Horizontal(ReadOnlySpan<float> src, int step, ReadOnlySpan<float> weights, Span<byte> dst, int length)
    {
        var done = Lanes.Width switch
        {
            512 => Horizontal<Lanes512>(src, step, weights, dst, length),
            256 => Horizontal<Lanes256>(src, step, weights, dst, length),
            128 => Horizontal<Lanes128>(src, step, weights, dst, length),
            _ => 0,
        };
        for (var i = done; i < length; i++)
        {
            var acc = 0f;
            for (var k = 0; k < weights.Length; k++) acc = MathF.FusedMultiplyAdd(weights[k], src[i + k * step], acc);
            dst[i] = ToByte(acc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ToByte(float value) => (byte)Math.Clamp(MathF.Floor(value + 0.5f), 0f, 255f);

    /// <summary><c>dst[i] = src[i]</c> widened to floats: each source row is converted once, then read by every tap that needs it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToFloat(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var done = Lanes.Width switch
        {
            512 => ToFloat<Lanes512>(src, dst),
            256 => ToFloat<Lanes256>(src, dst),
            128 => ToFloat<Lanes128>(src, dst),
            _ => 0,
        };
        for (var i = done; i < src.Length; i++) dst[i] = src[i];
    }

    /// <summary><c>dst[i] = Σₖ weights[k] · rows[rowOffsets[k] + i]</c> over float rows (a ring of converted source rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void VerticalFloat(ReadOnlySpan<float> rows, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<float> weights, Span<float> dst, int length)
    {
        if (rowOffsets.Length != weights.Length || rowOffsets.Length == 0) throw new ArgumentException("one weight per row offset, at least one");
        var done = Lanes.Width switch
        {
            512 => VerticalFloat<Lanes512>(rows, rowOffsets, weights, dst, length),
            256 => VerticalFloat<Lanes256>(rows, rowOffsets, weights, dst, length),
            128 => VerticalFloat<Lanes128>(rows, rowOffsets, weights, dst, length),
            _ => 0,
        };
        for (var i = done; i < length; i++)
        {
            var acc = 0f;
            for (var k = 0; k < rowOffsets.Length; k++) acc = MathF.FusedMultiplyAdd(weights[k], rows[rowOffsets[k] + i], acc);
            dst[i] = acc;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ToFloat<T>(ReadOnlySpan<byte> src, Span<float> dst) where T : struct, IFloatLanes<T>
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        for (; i + T.Count <= src.Length; i += T.Count) T.Store(T.LoadBytes(ref Unsafe.Add(ref s, i)), ref Unsafe.Add(ref d, i));
        return i;
    }

    // Four vectors per step: four independent FMA chains (a single chain is bound by FMA latency).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int VerticalFloat<T>(ReadOnlySpan<float> rows, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<float> weights, Span<float> dst, int length)
        where T : struct, IFloatLanes<T>
    {
        ref var s = ref MemoryMarshal.GetReference(rows);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var o = ref MemoryMarshal.GetReference(rowOffsets);
        ref var wt = ref MemoryMarshal.GetReference(weights);
        var n = rowOffsets.Length;
        var i = 0;
        for (; i + 4 * T.Count <= length; i += 4 * T.Count)
        {
            ref var r = ref Unsafe.Add(ref s, i + o);
            var w = T.Broadcast(wt);
            var a0 = T.Multiply(w, T.Load(ref r));
            var a1 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, T.Count)));
            var a2 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, 2 * T.Count)));
            var a3 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, 3 * T.Count)));
            for (var k = 1; k < n; k++)
            {
                r = ref Unsafe.Add(ref s, i + Unsafe.Add(ref o, k));
                w = T.Broadcast(Unsafe.Add(ref wt, k));
                a0 = T.MultiplyAdd(w, T.Load(ref r), a0);
                a1 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, T.Count)), a1);
                a2 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, 2 * T.Count)), a2);
                a3 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, 3 * T.Count)), a3);
            }
            ref var q = ref Unsafe.Add(ref d, i);
            T.Store(a0, ref q);
            T.Store(a1, ref Unsafe.Add(ref q, T.Count));
            T.Store(a2, ref Unsafe.Add(ref q, 2 * T.Count));
            T.Store(a3, ref Unsafe.Add(ref q, 3 * T.Count));
        }
        for (; i + T.Count <= length; i += T.Count)
        {
            var acc = T.Multiply(T.Broadcast(wt), T.Load(ref Unsafe.Add(ref s, i + o)));
            for (var k = 1; k < n; k++)
                acc = T.MultiplyAdd(T.Broadcast(Unsafe.Add(ref wt, k)), T.Load(ref Unsafe.Add(ref s, i + Unsafe.Add(ref o, k))), acc);
            T.Store(acc, ref Unsafe.Add(ref d, i));
        }
        return i;
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vertical<T>(ReadOnlySpan<byte> src, ReadOnlySpan<int> rowOffsets, ReadOnlySpan<float> weights, Span<float> dst, int length)
        where T : struct, IFloatLanes<T>
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        for (; i + T.Count <= length; i += T.Count)
        {
            var acc = T.Multiply(T.Broadcast(weights[0]), T.LoadBytes(ref Unsafe.Add(ref s, rowOffsets[0] + i)));
            for (var k = 1; k < rowOffsets.Length; k++)
                acc = T.MultiplyAdd(T.Broadcast(weights[k]), T.LoadBytes(ref Unsafe.Add(ref s, rowOffsets[k] + i)), acc);
            T.Store(acc, ref Unsafe.Add(ref d, i));
        }
        return i;
    }

    // Four vectors per step: four independent FMA chains.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Horizontal<T>(ReadOnlySpan<float> src, int step, ReadOnlySpan<float> weights, Span<byte> dst, int length)
        where T : struct, IFloatLanes<T>
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var wt = ref MemoryMarshal.GetReference(weights);
        var n = weights.Length;
        var i = 0;
        for (; i + 4 * T.Count <= length; i += 4 * T.Count)
        {
            ref var r = ref Unsafe.Add(ref s, i);
            var w = T.Broadcast(wt);
            var a0 = T.Multiply(w, T.Load(ref r));
            var a1 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, T.Count)));
            var a2 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, 2 * T.Count)));
            var a3 = T.Multiply(w, T.Load(ref Unsafe.Add(ref r, 3 * T.Count)));
            for (var k = 1; k < n; k++)
            {
                r = ref Unsafe.Add(ref r, step);
                w = T.Broadcast(Unsafe.Add(ref wt, k));
                a0 = T.MultiplyAdd(w, T.Load(ref r), a0);
                a1 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, T.Count)), a1);
                a2 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, 2 * T.Count)), a2);
                a3 = T.MultiplyAdd(w, T.Load(ref Unsafe.Add(ref r, 3 * T.Count)), a3);
            }
            ref var q = ref Unsafe.Add(ref d, i);
            T.StoreBytes(a0, ref q);
            T.StoreBytes(a1, ref Unsafe.Add(ref q, T.Count));
            T.StoreBytes(a2, ref Unsafe.Add(ref q, 2 * T.Count));
            T.StoreBytes(a3, ref Unsafe.Add(ref q, 3 * T.Count));
        }
        for (; i + T.Count <= length; i += T.Count)
        {
            var acc = T.Multiply(T.Broadcast(wt), T.Load(ref Unsafe.Add(ref s, i)));
            for (var k = 1; k < n; k++)
                acc = T.MultiplyAdd(T.Broadcast(Unsafe.Add(ref wt, k)), T.Load(ref Unsafe.Add(ref s, i + k * step)), acc);
            T.StoreBytes(acc, ref Unsafe.Add(ref d, i));
        }
        return i;
    }
}
