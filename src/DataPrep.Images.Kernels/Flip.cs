using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Horizontal and vertical flips. (Inside a resize, use <see cref="Resample"/>'s flip flags: free.)
/// A horizontal flip reverses each row with byte permutes: 21 RGB pixels (63 bytes) per 512-bit
/// <c>vpermb</c> where AVX-512 VBMI is present, else 5 RGB pixels per 128-bit shuffle; RGBA and
/// gray rows reverse whole 16- or 64-byte blocks.
/// </summary>
public static class Flip
{
    // Reverses 5 RGB pixels held in bytes 1..15 of a 16-byte load that ends at the pixels' end;
    // output byte 15 is junk and is overwritten by the next store (or by the scalar tail).
    private static readonly Vector128<byte> Reverse5Rgb = Vector128.Create(
        (byte)13, 14, 15, 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3, 0);

    private static readonly Vector128<byte> Reverse4Rgba = Vector128.Create(
        (byte)12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);

    private static readonly Vector128<byte> Reverse16 = Vector128.Create(
        (byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    // The same with 64-byte loads: 21 RGB pixels in bytes 1..63; 64 gray pixels.
    private static readonly Vector512<byte> Reverse21Rgb = BuildReverse(21, 3, 1);
    private static readonly Vector512<byte> Reverse64 = BuildReverse(64, 1, 0);

    public static PixelImage Horizontal(PixelImage source)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        Horizontal(source, output);
        return output;
    }

    /// <summary>Writes the mirrored <paramref name="source"/> into <paramref name="output"/> (same size, another buffer).</summary>
    public static void Horizontal(PixelImage source, PixelImage output)
    {
        Check(source, output);
        for (var y = 0; y < source.Height; y++) HorizontalRow(source.Row(y), output.Row(y), source.Width, source.Channels);
    }

    public static PixelImage Vertical(PixelImage source)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        Vertical(source, output);
        return output;
    }

    /// <summary>Writes the upside-down <paramref name="source"/> into <paramref name="output"/> (same size, another buffer).</summary>
    public static void Vertical(PixelImage source, PixelImage output)
    {
        Check(source, output);
        for (var y = 0; y < source.Height; y++) source.Row(y).CopyTo(output.Row(source.Height - 1 - y));
    }

    private static void Check(PixelImage source, PixelImage output)
    {
        if (output.Width != source.Width || output.Height != source.Height || output.Channels != source.Channels)
            throw new ArgumentException($"output is {output.Width}x{output.Height}x{output.Channels}, source {source.Width}x{source.Height}x{source.Channels}", nameof(output));
        if (ReferenceEquals(output.Data, source.Data)) throw new ArgumentException("flip needs an output buffer other than the source", nameof(output));
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int channels)
    {
        var x = 0; // output pixel
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        if (channels == 3)
        {
            // Output pixels x..x+20 are source pixels width-1-x .. width-21-x; the load starts one
            // byte before them, and the 64-byte store must stay inside the row.
            if (Avx512Vbmi.IsSupported)
            {
                for (; x * 3 + 64 <= dst.Length && (width - 21 - x) * 3 - 1 >= 0; x += 21)
                {
                    var v = Vector512.LoadUnsafe(ref s, (nuint)((width - 21 - x) * 3 - 1));
                    Avx512Vbmi.PermuteVar64x8(v, Reverse21Rgb).StoreUnsafe(ref d, (nuint)(x * 3));
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; x * 3 + 16 <= dst.Length && (width - 5 - x) * 3 - 1 >= 0; x += 5)
                {
                    var v = Vector128.LoadUnsafe(ref s, (nuint)((width - 5 - x) * 3 - 1));
                    Vector128.Shuffle(v, Reverse5Rgb).StoreUnsafe(ref d, (nuint)(x * 3));
                }
            }
        }
        else if (channels == 4)
        {
            if (Avx512F.IsSupported)
            {
                var reverse = Vector512.Create(15u, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
                for (; x + 16 <= width; x += 16)
                {
                    var v = Vector512.LoadUnsafe(ref Unsafe.As<byte, uint>(ref s), (nuint)(width - 16 - x));
                    Avx512F.PermuteVar16x32(v, reverse).StoreUnsafe(ref Unsafe.As<byte, uint>(ref d), (nuint)x);
                }
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; x + 4 <= width; x += 4)
                {
                    var v = Vector128.LoadUnsafe(ref s, (nuint)((width - 4 - x) * 4));
                    Vector128.Shuffle(v, Reverse4Rgba).StoreUnsafe(ref d, (nuint)(x * 4));
                }
            }
        }
        else if (channels == 1)
        {
            if (Avx512Vbmi.IsSupported)
            {
                for (; x + 64 <= width; x += 64)
                    Avx512Vbmi.PermuteVar64x8(Vector512.LoadUnsafe(ref s, (nuint)(width - 64 - x)), Reverse64).StoreUnsafe(ref d, (nuint)x);
            }
            if (Vector128.IsHardwareAccelerated)
            {
                for (; x + 16 <= width; x += 16)
                    Vector128.Shuffle(Vector128.LoadUnsafe(ref s, (nuint)(width - 16 - x)), Reverse16).StoreUnsafe(ref d, (nuint)x);
            }
        }
        for (; x < width; x++) src.Slice((width - 1 - x) * channels, channels).CopyTo(dst.Slice(x * channels, channels));
    }

    /// <summary>Output byte j (pixel j / c, channel j % c) takes load byte offset + (n - 1 - j / c) · c + j % c; bytes past n·c take 0.</summary>
    private static Vector512<byte> BuildReverse(int pixels, int channels, int offset)
    {
        Span<byte> m = stackalloc byte[64];
        for (var j = 0; j < 64; j++)
            m[j] = j < pixels * channels ? (byte)(offset + (pixels - 1 - j / channels) * channels + j % channels) : (byte)0;
        return Vector512.Create((ReadOnlySpan<byte>)m);
    }
}
