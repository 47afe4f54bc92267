using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>
/// The two passes of the fixed-point bilinear resample (<see cref="ResampleLinear"/>), integer
/// arithmetic only, so every path gives the same bytes:
/// horizontal <c>h = (p0·w0 + p1·w1 + 8) &gt;&gt; 4</c> (8-bit pixels, 11-bit weights: h is the value
/// × 128, at most 32,640, a 16-bit row); vertical <c>(h0·w0 + h1·w1 + 2¹⁷) &gt;&gt; 18</c> (a byte;
/// at most 255 because the weights sum to 2048).
/// </summary>
internal static class LinearRows
{
    /// <summary>One source row (all of it) through the horizontal taps into a 16-bit row of <see cref="LinearRowTable.Values"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Horizontal(ReadOnlySpan<byte> row, LinearRowTable table, Span<short> dst)
    {
        if (table.Base512 is not null) Horizontal512(row, table, dst);
        else if (table.Base128 is not null) Horizontal128(row, table, dst);
        else HorizontalScalar(row, table, dst, 0, table.Values);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalScalar(ReadOnlySpan<byte> row, LinearRowTable t, Span<short> dst, int from, int to)
    {
        var k0 = t.K0; var k1 = t.K1; var w = t.Pairs;
        for (var j = from; j < to; j++) dst[j] = (short)((row[k0[j]] * w[2 * j] + row[k1[j]] * w[2 * j + 1] + 8) >> 4);
    }

    /// <summary>
    /// 32 values per step: two two-register byte permutes (<c>vpermi2b</c>) over the chunk's 128-byte
    /// window each gather 16 values' taps as 32-bit lanes (p0, junk, p1, junk); masking the junk
    /// bytes leaves (p0, p1) as words, and <c>vpmaddwd</c> with the (w0, w1) lanes gives
    /// p0·w0 + p1·w1. The permutes order the values so that one lane-wise <c>packssdw</c> of the
    /// two results is in row order (<see cref="LinearRowTable.Permute512"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal512(ReadOnlySpan<byte> row, LinearRowTable t, Span<short> dst)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var w = ref MemoryMarshal.GetArrayDataReference(t.Weights512!);
        ref var perm = ref MemoryMarshal.GetArrayDataReference(t.Permute512!);
        var bases = t.Base512!;
        var values = t.Values;
        var eight = Vector512.Create(8);
        var low = Vector512.Create((short)0xFF).AsByte();
        for (var c = 0; c < bases.Length; c++)
        {
            var j = Math.Min(c * LinearRowTable.Chunk512, values - LinearRowTable.Chunk512);
            var b = bases[c];
            if (b < 0) continue;
            var lo = Vector512.LoadUnsafe(ref r, (nuint)b);
            var hi = Vector512.LoadUnsafe(ref r, (nuint)(b + 64));
            var first = Avx512Vbmi.PermuteVar64x8x2(lo, Vector512.LoadUnsafe(ref perm, (nuint)(c * 128)), hi) & low;
            var second = Avx512Vbmi.PermuteVar64x8x2(lo, Vector512.LoadUnsafe(ref perm, (nuint)(c * 128 + 64)), hi) & low;
            var m0 = Avx512BW.MultiplyAddAdjacent(first.AsInt16(), Vector512.LoadUnsafe(ref w, (nuint)(c * 64)));
            var m1 = Avx512BW.MultiplyAddAdjacent(second.AsInt16(), Vector512.LoadUnsafe(ref w, (nuint)(c * 64 + 32)));
            Avx512BW.PackSignedSaturate((m0 + eight) >> 4, (m1 + eight) >> 4).StoreUnsafe(ref d, (nuint)j);
        }
        // Chunks whose taps fit no window, after the loop: a call inside it would spill its constants.
        // Overlapping chunks write the same values, so the order does not matter.
        if (!t.AllWindows512)
        {
            for (var c = 0; c < bases.Length; c++)
            {
                var j = Math.Min(c * LinearRowTable.Chunk512, values - LinearRowTable.Chunk512);
                if (bases[c] < 0) HorizontalScalar(row, t, dst, j, j + LinearRowTable.Chunk512);
            }
        }
    }

    /// <summary>8 values per step: two <c>pshufb</c> over the chunk's 32-byte window (OR-ed) give the 8 tap pairs, then as above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal128(ReadOnlySpan<byte> row, LinearRowTable t, Span<short> dst)
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var d = ref MemoryMarshal.GetReference(dst);
        ref var w = ref MemoryMarshal.GetArrayDataReference(t.Pairs);
        ref var shuffle = ref MemoryMarshal.GetArrayDataReference(t.Shuffle128!);
        var bases = t.Base128!;
        var values = t.Values;
        var eight = Vector128.Create(8);
        for (var c = 0; c < bases.Length; c++)
        {
            var j = Math.Min(c * LinearRowTable.Chunk128, values - LinearRowTable.Chunk128);
            var b = bases[c];
            if (b < 0)
            {
                HorizontalScalar(row, t, dst, j, j + LinearRowTable.Chunk128);
                continue;
            }
            var pairs = Ssse3.Shuffle(Vector128.LoadUnsafe(ref r, (nuint)b), Vector128.LoadUnsafe(ref shuffle, (nuint)(c * 32)))
                | Ssse3.Shuffle(Vector128.LoadUnsafe(ref r, (nuint)(b + 16)), Vector128.LoadUnsafe(ref shuffle, (nuint)(c * 32 + 16)));
            var m0 = Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(pairs, Vector128<byte>.Zero).AsInt16(), Vector128.LoadUnsafe(ref w, (nuint)(2 * j)));
            var m1 = Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(pairs, Vector128<byte>.Zero).AsInt16(), Vector128.LoadUnsafe(ref w, (nuint)(2 * j + 8)));
            Sse2.PackSignedSaturate((m0 + eight) >> 4, (m1 + eight) >> 4).StoreUnsafe(ref d, (nuint)j);
        }
    }

    /// <summary>
    /// Two 16-bit rows into one byte row. Per step the rows' values are interleaved (unpack low/high
    /// within each 128-bit lane), <c>pmaddwd</c> with (w0, w1) in every 32-bit lane sums both taps,
    /// and the saturating pack of the low and high halves restores the order within each lane; the
    /// last step overlaps the one before instead of running past the row; rows shorter than a
    /// vector go scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Vertical(ReadOnlySpan<short> h0, ReadOnlySpan<short> h1, int w0, int w1, Span<byte> dst)
    {
        var n = dst.Length;
        if (h0.Length < n || h1.Length < n) throw new ArgumentException("rows shorter than the output row");
        ref var a = ref MemoryMarshal.GetReference(h0);
        ref var b = ref MemoryMarshal.GetReference(h1);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var weights = (w0 & 0xFFFF) | (w1 << 16);
        if (Avx512BW.IsSupported && n >= 32)
        {
            var wv = Vector512.Create(weights).AsInt16();
            var round = Vector512.Create(1 << 17);
            for (var j = 0; ; j += 32)
            {
                if (j + 32 > n) j = n - 32;
                var x = Vector512.LoadUnsafe(ref a, (nuint)j);
                var y = Vector512.LoadUnsafe(ref b, (nuint)j);
                var lo = (Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackLow(x, y), wv) + round) >> 18;
                var hi = (Avx512BW.MultiplyAddAdjacent(Avx512BW.UnpackHigh(x, y), wv) + round) >> 18;
                Avx512BW.ConvertToVector256Byte(Avx512BW.PackSignedSaturate(lo, hi)).StoreUnsafe(ref d, (nuint)j);
                if (j + 32 >= n) break;
            }
            return;
        }
        if (Avx2.IsSupported && n >= 16)
        {
            var wv = Vector256.Create(weights).AsInt16();
            var round = Vector256.Create(1 << 17);
            for (var j = 0; ; j += 16)
            {
                if (j + 16 > n) j = n - 16;
                var x = Vector256.LoadUnsafe(ref a, (nuint)j);
                var y = Vector256.LoadUnsafe(ref b, (nuint)j);
                var lo = (Avx2.MultiplyAddAdjacent(Avx2.UnpackLow(x, y), wv) + round) >> 18;
                var hi = (Avx2.MultiplyAddAdjacent(Avx2.UnpackHigh(x, y), wv) + round) >> 18;
                var s = Avx2.PackSignedSaturate(lo, hi);
                // Bytes 0..7 of each 128-bit lane hold that lane's 8 values.
                var bytes = Avx2.PackUnsignedSaturate(s, s).AsUInt64();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, j), bytes.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, j + 8), bytes.GetElement(2));
                if (j + 16 >= n) break;
            }
            return;
        }
        if (Sse2.IsSupported && n >= 8)
        {
            var wv = Vector128.Create(weights).AsInt16();
            var round = Vector128.Create(1 << 17);
            for (var j = 0; ; j += 8)
            {
                if (j + 8 > n) j = n - 8;
                var x = Vector128.LoadUnsafe(ref a, (nuint)j);
                var y = Vector128.LoadUnsafe(ref b, (nuint)j);
                var lo = (Sse2.MultiplyAddAdjacent(Sse2.UnpackLow(x, y), wv) + round) >> 18;
                var hi = (Sse2.MultiplyAddAdjacent(Sse2.UnpackHigh(x, y), wv) + round) >> 18;
                var s = Sse2.PackSignedSaturate(lo, hi);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, j), Sse2.PackUnsignedSaturate(s, s).AsUInt64().ToScalar());
                if (j + 8 >= n) break;
            }
            return;
        }
        for (var j = 0; j < n; j++) dst[j] = (byte)((h0[j] * w0 + h1[j] * w1 + (1 << 17)) >> 18);
    }
}
