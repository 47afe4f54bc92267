using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        var tx = ResampleTable.Build(source.Width, crop.X, crop.Width, width, filter, flipHorizontal);
        var ty = ResampleTable.Build(source.Height, crop.Y, crop.Height, height, filter, flipVertical);
        var output = new PixelImage(width, height, source.Channels);
        Run(source, tx, ty, output);
        return output;
    }

    public static PixelImage Resize(PixelImage source, int width, int height, ResizeFilter filter) =>
        Run(source, CropRect.Whole(source), width, height, filter);

    public static void Run(PixelImage source, ResampleTable tx, ResampleTable ty, PixelImage output)
    {
        var c = source.Channels;
        var low = tx.Low;
        var length = (tx.High - low) * c;
        var row = ArrayPool<float>.Shared.Rent(length + 4); // +4: the last pixel's 4-float load
        Array.Clear(row, length, 4);
        Span<int> offsets = stackalloc int[ty.MaxTaps];
        try
        {
            for (var y = 0; y < output.Height; y++)
            {
                var n = ty.Count[y];
                for (var k = 0; k < n; k++) offsets[k] = (ty.Start[y] + k) * source.Stride + low * c;
                RowSum.Vertical(source.Data, offsets[..n], ty.Weights.AsSpan(y * ty.MaxTaps, n), row, length);
                Horizontal(row, tx, low, c, output.Row(y));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal(float[] row, ResampleTable tx, int low, int channels, Span<byte> output)
    {
        var outWidth = output.Length / channels;
        if (!Vector128.IsHardwareAccelerated)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var b = (tx.Start[x] - low) * channels;
                for (var ch = 0; ch < channels; ch++)
                {
                    var acc = 0f;
                    for (var t = 0; t < tx.Count[x]; t++) acc = MathF.FusedMultiplyAdd(tx.Weights[x * tx.MaxTaps + t], row[b + t * channels + ch], acc);
                    output[x * channels + ch] = RowSum.ToByte(acc);
                }
            }
            return;
        }
        // Lanes 0..channels-1 of each 4-float load are one source pixel; the rest is ignored.
        ref var r = ref MemoryMarshal.GetArrayDataReference(row);
        for (var x = 0; x < outWidth; x++)
        {
            var b = (tx.Start[x] - low) * channels;
            var w = tx.Weights.AsSpan(x * tx.MaxTaps, tx.Count[x]);
            var acc = Vector128<float>.Zero;
            for (var t = 0; t < w.Length; t++)
                acc = Vector128.FusedMultiplyAdd(Vector128.Create(w[t]), Vector128.LoadUnsafe(ref Unsafe.Add(ref r, b + t * channels)), acc);
            var ints = Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(acc + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128.Create(255f)));
            var o = x * channels;
            for (var ch = 0; ch < channels; ch++) output[o + ch] = (byte)ints.GetElement(ch);
        }
    }
}
