using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPrep.Images.Kernels;

/// <summary>Horizontal and vertical flips. (Inside a resize, use <see cref="Resample"/>'s flip flags: free.)</summary>
public static class Flip
{
    // Reverses 5 RGB pixels held in bytes 1..15 of a 16-byte load that ends at the pixels' end;
    // output byte 15 is junk and is overwritten by the next store (or never stored, see below).
    private static readonly Vector128<byte> Reverse5Rgb = Vector128.Create(
        (byte)13, 14, 15, 10, 11, 12, 7, 8, 9, 4, 5, 6, 1, 2, 3, 0);

    private static readonly Vector128<byte> Reverse4Rgba = Vector128.Create(
        (byte)12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);

    public static PixelImage Horizontal(PixelImage source)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        for (var y = 0; y < source.Height; y++) HorizontalRow(source.Row(y), output.Row(y), source.Width, source.Channels);
        return output;
    }

    public static PixelImage Vertical(PixelImage source)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        for (var y = 0; y < source.Height; y++) source.Row(y).CopyTo(output.Row(source.Height - 1 - y));
        return output;
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int channels)
    {
        var x = 0; // output pixel
        if (Vector128.IsHardwareAccelerated && channels == 3)
        {
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            // Output pixels x..x+4 are source pixels width-1-x .. width-5-x; the load starts one byte
            // before them, and the 16-byte store must stay inside the row.
            for (; x * 3 + 16 <= dst.Length && (width - 5 - x) * 3 - 1 >= 0; x += 5)
            {
                var v = Vector128.LoadUnsafe(ref s, (nuint)((width - 5 - x) * 3 - 1));
                Vector128.Shuffle(v, Reverse5Rgb).StoreUnsafe(ref d, (nuint)(x * 3));
            }
        }
        else if (Vector128.IsHardwareAccelerated && channels == 4)
        {
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            for (; x + 4 <= width; x += 4)
            {
                var v = Vector128.LoadUnsafe(ref s, (nuint)((width - 4 - x) * 4));
                Vector128.Shuffle(v, Reverse4Rgba).StoreUnsafe(ref d, (nuint)(x * 4));
            }
        }
        for (; x < width; x++) src.Slice((width - 1 - x) * channels, channels).CopyTo(dst.Slice(x * channels, channels));
    }
}
