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

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Horizontal<T>(ReadOnlySpan<float> src, int step, ReadOnlySpan<float> weights, Span<byte> dst, int length)
        where T : struct, IFloatLanes<T>
    {
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        for (; i + T.Count <= length; i += T.Count)
        {
            var acc = T.Multiply(T.Broadcast(weights[0]), T.Load(ref Unsafe.Add(ref s, i)));
            for (var k = 1; k < weights.Length; k++)
                acc = T.MultiplyAdd(T.Broadcast(weights[k]), T.Load(ref Unsafe.Add(ref s, i + k * step)), acc);
            T.StoreBytes(acc, ref Unsafe.Add(ref d, i));
        }
        return i;
    }
}
