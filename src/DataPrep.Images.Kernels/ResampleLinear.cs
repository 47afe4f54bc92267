using System.Buffers;
using System.Runtime.CompilerServices;
using DataPrep.Images.Kernels.Simd;

namespace DataPrep.Images.Kernels;

/// <summary>
/// <see cref="ResizeFilter.BilinearNoAntialias"/> in fixed point, as OpenCV's <c>INTER_LINEAR</c>
/// does it: 11-bit coefficients; each source row an output row needs goes once through the
/// horizontal pass into a 16-bit row (value × 128) kept in a two-row cache, and each output row is
/// the vertical pass over two cached rows. Crop and flips are in the taps, as in
/// <see cref="Resample"/>. The arithmetic is defined by <see cref="Reference.ResampleLinearReference"/>
/// (every path gives its bytes); it is within one level of the float path.
/// </summary>
internal static class ResampleLinear
{
    /// <summary>Runs the fixed-point path when both tables are two-tap bilinear; false (nothing written) otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRun(PixelImage source, ResampleTable tx, ResampleTable ty, PixelImage output)
    {
        if (LinearTable.TryFrom(tx) is not { } x || LinearTable.TryFrom(ty) is not { } y) return false;
        Run(source, x, y, output);
        return true;
    }

    /// <summary>Resamples with the given fixed-point tables (horizontal <paramref name="x"/>, vertical <paramref name="y"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(PixelImage source, LinearTable x, LinearTable y, PixelImage output)
    {
        if (output.Channels != source.Channels) throw new ArgumentException($"output has {output.Channels} channels, source {source.Channels}", nameof(output));
        if (x.Length != output.Width || y.Length != output.Height) throw new ArgumentException($"tables for {x.Length}x{y.Length}, output {output.Width}x{output.Height}", nameof(output));
        Run(source, LinearRowTable.Build(x, source.Channels, source.Stride), y, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(PixelImage source, LinearRowTable row, LinearTable y, PixelImage output)
    {
        var values = row.Values;
        var cache = ArrayPool<short>.Shared.Rent(2 * values);
        // Slot s holds source row cached[s]: rows alternate slots by parity, and output rows are
        // visited in increasing source order (bottom up when the table is mirrored), so a row
        // pushed out of its slot is never needed again.
        Span<int> cached = [-1, -1];
        var height = output.Height;
        var mirrored = height > 1 && y.I0[0] > y.I0[height - 1];
        try
        {
            for (var i = 0; i < height; i++)
            {
                var oy = mirrored ? height - 1 - i : i;
                var r0 = y.I0[oy];
                var r1 = y.I1[oy];
                Load(source, row, r0, cache, cached, values);
                Load(source, row, r1, cache, cached, values);
                LinearRows.Vertical(cache.AsSpan((r0 & 1) * values, values), cache.AsSpan((r1 & 1) * values, values), y.W0[oy], y.W1[oy], output.Row(oy));
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(cache);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(PixelImage source, LinearRowTable row, int sy, short[] cache, Span<int> cached, int values)
    {
        var slot = sy & 1;
        if (cached[slot] == sy) return;
        LinearRows.Horizontal(source.Row(sy), row, cache.AsSpan(slot * values, values));
        cached[slot] = sy;
    }
}
