using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DataPrep.Images.Kernels.Simd;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Fused crop + flip + resize in one separable resampling pass: the crop and the flips are folded
/// into the precomputed tap tables, so the pixels are read once. Per output row: a vertical pass
/// (vectorised along the whole source row span the crop reads) into a float row, then a
/// horizontal pass with one 4-float vector per output pixel (all channels at once).
/// </summary>
public static class Resample
{
    public static PixelImage Run(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal = false, bool flipVertical = false)
    {
        // Every pixel is written: no zeroing.
        var output = new PixelImage(width, height, source.Channels, GC.AllocateUninitializedArray<byte>(checked(width * height * source.Channels)));
        Run(source, crop, filter, flipHorizontal, flipVertical, output);
        return output;
    }

    /// <summary>Resamples the crop of <paramref name="source"/> into <paramref name="output"/> (its size is the target size).</summary>
    public static void Run(PixelImage source, CropRect crop, ResizeFilter filter, bool flipHorizontal, bool flipVertical, PixelImage output)
    {
        if (filter == ResizeFilter.BilinearNoAntialias)
        {
            // The fixed-point tables directly (the same as from the float tables, without building those).
            ResampleLinear.Run(source, LinearTable.Build(source.Width, crop.X, crop.Width, output.Width, flipHorizontal),
                LinearTable.Build(source.Height, crop.Y, crop.Height, output.Height, flipVertical), output);
            return;
        }
        var tx = ResampleTable.Build(source.Width, crop.X, crop.Width, output.Width, filter, flipHorizontal);
        var ty = ResampleTable.Build(source.Height, crop.Y, crop.Height, output.Height, filter, flipVertical);
        Run(source, tx, ty, output);
    }

    public static PixelImage Resize(PixelImage source, int width, int height, ResizeFilter filter) =>
        Run(source, CropRect.Whole(source), width, height, filter);

    // The driver and the per-call table builds skip tiering too: a benchmark or a short run calls them a
    // few hundred times, all within tier 0's call-counting delay, and tier-0 setup cost several times the loops (ops bench).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(PixelImage source, ResampleTable tx, ResampleTable ty, PixelImage output)
    {
        if (output.Channels != source.Channels) throw new ArgumentException($"output has {output.Channels} channels, source {source.Channels}", nameof(output));
        // Two-tap bilinear (no antialiasing) has its own fixed-point path, as OpenCV's INTER_LINEAR.
        if (ResampleLinear.TryRun(source, tx, ty, output)) return;
        var c = source.Channels;
        var low = tx.Low;
        var length = (tx.High - low) * c;
        var taps = ty.MaxTaps;
        // Source rows are converted to float once each into a ring (slot = row mod taps): the
        // rows one output row reads are consecutive and at most 'taps' many, and output rows are
        // visited in increasing source order (bottom up when the table is mirrored).
        var ring = ArrayPool<float>.Shared.Rent(taps * length);
        var slotRow = ArrayPool<int>.Shared.Rent(taps);
        var row = ArrayPool<float>.Shared.Rent(length + tx.MaxTaps * c + 32); // zero tail: the padded taps' and permute windows' loads
        Array.Clear(row, length, tx.MaxTaps * c + 32);
        slotRow.AsSpan(0, taps).Fill(-1);
        Span<int> offsets = stackalloc int[taps];
        var gather = GatherTable.TryBuild(tx, low, c);
        var rowTaps = ty.Count.Max(); // MaxTaps leaves room for an extra tap that bilinear never uses
        var mirrored = output.Height > 1 && ty.Start[0] > ty.Start[output.Height - 1];
        try
        {
            for (var i = 0; i < output.Height; i++)
            {
                var y = mirrored ? output.Height - 1 - i : i;
                var n = ty.Count[y];
                if (rowTaps <= 2)
                {
                    // Each source row is read by at most two output rows: converting it first costs more than it saves.
                    for (var k = 0; k < n; k++) offsets[k] = (ty.Start[y] + k) * source.Stride + low * c;
                    RowSum.Vertical(source.Data, offsets[..n], ty.Weights.AsSpan(y * ty.MaxTaps, n), row, length);
                    if (gather is not null) gather.Run(row, output.Row(y));
                    else Horizontal(row, tx, low, c, output.Row(y));
                    continue;
                }
                for (var k = 0; k < n; k++)
                {
                    var sy = ty.Start[y] + k;
                    var slot = sy % taps;
                    if (slotRow[slot] != sy)
                    {
                        RowSum.ToFloat(source.Data.AsSpan(sy * source.Stride + low * c, length), ring.AsSpan(slot * length, length));
                        slotRow[slot] = sy;
                    }
                    offsets[k] = slot * length;
                }
                RowSum.VerticalFloat(ring, offsets[..n], ty.Weights.AsSpan(y * ty.MaxTaps, n), row, length);
                if (gather is not null) gather.Run(row, output.Row(y));
                else Horizontal(row, tx, low, c, output.Row(y));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ring);
            ArrayPool<int>.Shared.Return(slotRow);
            ArrayPool<float>.Shared.Return(row);
        }
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal(float[] row, ResampleTable tx, int low, int channels, Span<byte> output)
    {
        var outWidth = output.Length / channels;
        var x = 0;
        if (Sse41.IsSupported && channels is 3 or 4)
        {
            // Lanes 0..channels-1 of each 4-float load are one source pixel; the rest is ignored.
            // Every output pixel runs all MaxTaps taps (the table pads with zero weights, the row
            // with zeros), and stores 4 bytes: for RGB the 4th is the next pixel's first byte,
            // rewritten by the next pixel, so the last pixel goes to the scalar loop.
            ref var r = ref MemoryMarshal.GetArrayDataReference(row);
            ref var wt = ref MemoryMarshal.GetArrayDataReference(tx.Weights);
            ref var st = ref MemoryMarshal.GetArrayDataReference(tx.Start);
            ref var o = ref MemoryMarshal.GetReference(output);
            var taps = tx.MaxTaps;
            var end = channels == 4 ? outWidth : outWidth - 1;
            for (; x < end; x++)
            {
                ref var p = ref Unsafe.Add(ref r, (Unsafe.Add(ref st, x) - low) * channels);
                ref var w = ref Unsafe.Add(ref wt, x * taps);
                var acc = Vector128.Create(w) * Vector128.LoadUnsafe(ref p);
                for (var t = 1; t < taps; t++)
                    acc = Vector128.FusedMultiplyAdd(Vector128.Create(Unsafe.Add(ref w, t)), Vector128.LoadUnsafe(ref Unsafe.Add(ref p, t * channels)), acc);
                var i = Sse2.ConvertToVector128Int32WithTruncation(acc + Vector128.Create(0.5f));
                var s = Sse2.PackSignedSaturate(i, i);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, x * channels), Sse2.PackUnsignedSaturate(s, s).AsUInt32().ToScalar());
            }
        }
        for (; x < outWidth; x++)
        {
            var b = (tx.Start[x] - low) * channels;
            for (var ch = 0; ch < channels; ch++)
            {
                var acc = 0f;
                for (var t = 0; t < tx.Count[x]; t++) acc = MathF.FusedMultiplyAdd(tx.Weights[x * tx.MaxTaps + t], row[b + t * channels + ch], acc);
                output[x * channels + ch] = RowSum.ToByte(acc);
            }
        }
    }

    /// <summary>
    /// The horizontal pass as 8-lane gathers over channel values (AVX2): output value j (pixel
    /// j / c, channel j % c) is Σₜ weight[t][j] · row[index[j] + t · c], with the tap tables expanded
    /// per value once per call. Taken for short filters (no antialiasing, or mild shrinking), where
    /// a few gathers per 8 values beat one 4-float multiply per pixel and tap.
    /// </summary>
    private sealed class GatherTable
    {
        private const int MaxGatherTaps = 4;
        private readonly int[] _index;
        private readonly float[] _weights; // [t * values + j]
        private readonly int _values;
        private readonly int _taps;
        private readonly int _step;

        private GatherTable(int[] index, float[] weights, int values, int taps, int step, (int[] Base, int[] Lanes)? permute)
        {
            _index = index; _weights = weights; _values = values; _taps = taps; _step = step;
            (_base, _lanes) = permute is { } p ? (p.Base, p.Lanes) : (null, null);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static GatherTable? TryBuild(ResampleTable tx, int low, int channels)
        {
            var taps = tx.Count.Max(); // taps past every pixel's count have weight 0 everywhere
            if (!Avx2.IsSupported || taps > MaxGatherTaps || tx.Count.Length * channels < 8) return null;
            var values = tx.Count.Length * channels;
            var index = new int[values];
            var weights = new float[taps * values];
            for (var j = 0; j < values; j++)
            {
                var x = j / channels;
                index[j] = (tx.Start[x] - low) * channels + j % channels;
                for (var t = 0; t < taps; t++) weights[t * values + j] = tx.Weights[x * tx.MaxTaps + t];
            }
            return new GatherTable(index, weights, values, taps, channels, Permutes(index, values, taps, channels));
        }

        // Per chunk of 8 values: the window start, and per tap the 16 lane indexes into the 32
        // floats from there (upper 8 unused); null when some chunk's taps span 32 floats or more.
        private readonly int[]? _base;
        private readonly int[]? _lanes;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static (int[] Base, int[] Lanes)? Permutes(int[] index, int values, int taps, int channels)
        {
            if (!Avx512F.IsSupported) return null;
            var chunks = (values + 7) / 8;
            var bases = new int[chunks];
            var lanes = new int[chunks * taps * 16];
            for (var k = 0; k < chunks; k++)
            {
                var j = Math.Min(k * 8, values - 8);
                int lo = int.MaxValue, hi = int.MinValue;
                for (var l = 0; l < 8; l++) { lo = Math.Min(lo, index[j + l]); hi = Math.Max(hi, index[j + l]); }
                if (hi + (taps - 1) * channels - lo >= 32) return null;
                bases[k] = lo;
                for (var t = 0; t < taps; t++)
                for (var l = 0; l < 8; l++)
                    lanes[(k * taps + t) * 16 + l] = index[j + l] - lo + t * channels;
            }
            return (bases, lanes);
        }

        /// <summary>
        /// The permute form (AVX-512): each chunk loads the 32 floats its taps reach and picks each
        /// tap's 8 values with one two-register permute, instead of a gather.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunPermute(float[] row, Span<byte> output)
        {
            ref var o = ref MemoryMarshal.GetReference(output);
            ref var r = ref MemoryMarshal.GetArrayDataReference(row);
            ref var wt = ref MemoryMarshal.GetArrayDataReference(_weights);
            ref var ln = ref MemoryMarshal.GetArrayDataReference(_lanes!);
            var values = _values;
            var bases = _base!;
            for (var k = 0; k < bases.Length; k++)
            {
                var j = Math.Min(k * 8, values - 8);
                var lo = Vector512.LoadUnsafe(ref r, (nuint)bases[k]);
                var hi = Vector512.LoadUnsafe(ref r, (nuint)(bases[k] + 16));
                ref var lanes = ref Unsafe.Add(ref ln, k * _taps * 16);
                var acc = Avx512F.PermuteVar16x32x2(lo, Vector512.LoadUnsafe(ref lanes).AsInt32(), hi).GetLower() * Vector256.LoadUnsafe(ref wt, (nuint)j);
                for (var t = 1; t < _taps; t++)
                {
                    var v = Avx512F.PermuteVar16x32x2(lo, Vector512.LoadUnsafe(ref lanes, (nuint)(t * 16)).AsInt32(), hi).GetLower();
                    acc = Vector256.FusedMultiplyAdd(v, Vector256.LoadUnsafe(ref wt, (nuint)(t * values + j)), acc);
                }
                var i = Avx.ConvertToVector256Int32WithTruncation(acc + Vector256.Create(0.5f));
                var s = Avx2.PackSignedSaturate(i, i);
                var b = Avx2.PackUnsignedSaturate(s, s).AsUInt32();
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, j), b.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, j + 4), b.GetElement(4));
            }
        }

        // The row is padded with MaxTaps · channels zeros: padded taps (weight 0) read inside it.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public unsafe void Run(float[] row, Span<byte> output)
        {
            if (_base is not null)
            {
                RunPermute(row, output);
                return;
            }
            ref var o = ref MemoryMarshal.GetReference(output);
            ref var ix = ref MemoryMarshal.GetArrayDataReference(_index);
            ref var wt = ref MemoryMarshal.GetArrayDataReference(_weights);
            var values = _values;
            var step = Vector256.Create(_step);
            fixed (float* r = row)
            {
                var j = 0;
                while (true)
                {
                    // The last chunk overlaps the one before instead of running past the row.
                    if (j + 8 > values) j = values - 8;
                    var idx = Vector256.LoadUnsafe(ref ix, (nuint)j);
                    var acc = Avx2.GatherVector256(r, idx, 4) * Vector256.LoadUnsafe(ref wt, (nuint)j);
                    for (var t = 1; t < _taps; t++)
                    {
                        idx += step;
                        acc = Vector256.FusedMultiplyAdd(Avx2.GatherVector256(r, idx, 4), Vector256.LoadUnsafe(ref wt, (nuint)(t * values + j)), acc);
                    }
                    var i = Avx.ConvertToVector256Int32WithTruncation(acc + Vector256.Create(0.5f));
                    var s = Avx2.PackSignedSaturate(i, i);
                    var b = Avx2.PackUnsignedSaturate(s, s).AsUInt32();
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, j), b.GetElement(0));
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, j + 4), b.GetElement(4));
                    if (j + 8 >= values) break;
                    j += 8;
                }
            }
        }
    }
}
