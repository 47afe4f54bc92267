using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>
/// The horizontal taps of <see cref="LinearTable"/> expanded per channel value of an output row
/// (value j is pixel j / c, channel j % c), plus the byte-permute indexes of the vector paths.
/// Built once per resample call; every source row the call reads goes through it.
/// </summary>
internal sealed class LinearRowTable
{
    /// <summary>Values per chunk of the AVX-512 VBMI path (32 16-bit results per 512-bit register).</summary>
    public const int Chunk512 = 32;

    /// <summary>Values per chunk of the SSSE3 path.</summary>
    public const int Chunk128 = 8;

    private LinearRowTable(int values, int[] k0, int[] k1, short[] pairs)
    {
        Values = values; K0 = k0; K1 = k1; Pairs = pairs;
    }

    public int Values { get; }

    /// <summary>Byte offset in the source row of each value's first tap.</summary>
    public int[] K0 { get; }

    /// <summary>Byte offset in the source row of each value's second tap.</summary>
    public int[] K1 { get; }

    /// <summary>(W0, W1) of each value, side by side: one 32-bit lane per value for <c>pmaddwd</c>.</summary>
    public short[] Pairs { get; }

    /// <summary>
    /// AVX-512 VBMI: per chunk of 32 values (the last chunk ends at the row's end and overlaps the one
    /// before) the first byte of a 128-byte window of the source row, or -1 when the chunk's taps do
    /// not fit one (wide shrinking, short rows): that chunk goes scalar.
    /// </summary>
    public int[]? Base512 { get; private set; }

    /// <summary>
    /// Per chunk two sets of 64 indexes into the 128-byte window, each gathering 16 values as
    /// 32-bit lanes (first tap, any, second tap, any) for <c>pmaddwd</c> after masking the odd bytes.
    /// The first set takes values 8q + r, the second 8q + 4 + r, for lane 4q + r (q the 128-bit
    /// lane, r &lt; 4): the lane-wise <c>packssdw</c> of the two results is then in row order.
    /// </summary>
    public byte[]? Permute512 { get; private set; }

    /// <summary>Whether every chunk of <see cref="Base512"/> has a window (no scalar chunks).</summary>
    public bool AllWindows512 { get; private set; }

    /// <summary>Per chunk the (w0, w1) pairs in the order of <see cref="Permute512"/>'s two sets (64 shorts).</summary>
    public short[]? Weights512 { get; private set; }

    /// <summary>SSSE3: per chunk of 8 values the first byte of a 32-byte window, or -1 (scalar).</summary>
    public int[]? Base128 { get; private set; }

    /// <summary>Per chunk two 16-byte shuffles (window's low half, high half; 0x80 zeroes a lane) whose OR gives the 8 tap pairs.</summary>
    public byte[]? Shuffle128 { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LinearRowTable Build(LinearTable x, int channels, int rowBytes)
    {
        var values = x.Length * channels;
        var k0 = new int[values];
        var k1 = new int[values];
        var pairs = new short[2 * values];
        for (int p = 0, j = 0; p < x.Length; p++)
        for (var ch = 0; ch < channels; ch++, j++)
        {
            k0[j] = x.I0[p] * channels + ch;
            k1[j] = x.I1[p] * channels + ch;
            pairs[2 * j] = x.W0[p];
            pairs[2 * j + 1] = x.W1[p];
        }
        var table = new LinearRowTable(values, k0, k1, pairs);
        if (Avx512Vbmi.IsSupported && values >= Chunk512 && rowBytes >= 128)
        {
            (table.Base512, table.Permute512, table.Weights512) = Windows512(k0, k1, pairs, values, rowBytes);
            table.AllWindows512 = Array.IndexOf(table.Base512, -1) < 0;
        }
        else if (Ssse3.IsSupported && values >= Chunk128 && rowBytes >= 32)
        {
            var (bases, indexes) = Windows(k0, k1, values, Chunk128, 32, rowBytes);
            // Split each chunk's 16 window indexes into a shuffle of the low 16 bytes and one of the high 16.
            var shuffles = new byte[bases.Length * 32];
            for (var i = 0; i < bases.Length * 16; i++)
            {
                var (chunk, lane) = (i / 16, i % 16);
                var index = indexes[i];
                shuffles[chunk * 32 + lane] = index < 16 ? index : (byte)0x80;
                shuffles[chunk * 32 + 16 + lane] = index >= 16 ? (byte)(index - 16) : (byte)0x80;
            }
            (table.Base128, table.Shuffle128) = (bases, shuffles);
        }
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Bases, byte[] Indexes, short[] Weights) Windows512(int[] k0, int[] k1, short[] pairs, int values, int rowBytes)
    {
        var chunks = (values + Chunk512 - 1) / Chunk512;
        var bases = new int[chunks];
        var indexes = new byte[chunks * 128];
        var weights = new short[chunks * 64];
        for (var c = 0; c < chunks; c++)
        {
            var start = bases[c] = WindowStart(k0, k1, c, Chunk512, 128, values, rowBytes, out var j);
            if (start < 0) continue;
            for (var set = 0; set < 2; set++)
            for (var lane = 0; lane < 16; lane++)
            {
                var v = j + (lane >> 2) * 8 + set * 4 + (lane & 3);
                var at = c * 128 + set * 64 + lane * 4;
                indexes[at] = indexes[at + 1] = (byte)(k0[v] - start);
                indexes[at + 2] = indexes[at + 3] = (byte)(k1[v] - start);
                weights[c * 64 + set * 32 + lane * 2] = pairs[2 * v];
                weights[c * 64 + set * 32 + lane * 2 + 1] = pairs[2 * v + 1];
            }
        }
        return (bases, indexes, weights);
    }

    /// <summary>
    /// The first byte of a <paramref name="window"/>-byte window inside the row that holds both taps of
    /// every value of chunk <paramref name="c"/> (placed as low as the taps allow, moved down when it
    /// would pass the row's end), or -1 when the taps span more. <paramref name="first"/> is the
    /// chunk's first value: the last chunk starts early so that it is whole, overlapping the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WindowStart(int[] k0, int[] k1, int c, int chunk, int window, int values, int rowBytes, out int first)
    {
        System.Diagnostics.Debug.Assert(rowBytes >= window && values >= chunk, "Build picks a table only for rows at least a window wide");
        first = Math.Min(c * chunk, values - chunk);
        var (lo, hi) = Span(k0, k1, first, chunk);
        var start = Math.Min(lo, rowBytes - window);
        return hi - start < window ? start : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Lo, int Hi) Span(int[] k0, int[] k1, int j, int count)
    {
        int lo = int.MaxValue, hi = int.MinValue;
        for (var l = 0; l < count; l++)
        {
            lo = Math.Min(lo, Math.Min(k0[j + l], k1[j + l]));
            hi = Math.Max(hi, Math.Max(k0[j + l], k1[j + l]));
        }
        return (lo, hi);
    }

    // Per chunk of 'chunk' values its window's first byte (WindowStart, -1: scalar) and both taps' indexes inside the window.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Bases, byte[] Indexes) Windows(int[] k0, int[] k1, int values, int chunk, int window, int rowBytes)
    {
        var chunks = (values + chunk - 1) / chunk;
        var bases = new int[chunks];
        var indexes = new byte[chunks * chunk * 2];
        for (var c = 0; c < chunks; c++)
        {
            var start = bases[c] = WindowStart(k0, k1, c, chunk, window, values, rowBytes, out var j);
            if (start < 0) continue;
            for (var l = 0; l < chunk; l++)
            {
                indexes[(c * chunk + l) * 2] = (byte)(k0[j + l] - start);
                indexes[(c * chunk + l) * 2 + 1] = (byte)(k1[j + l] - start);
            }
        }
        return (bases, indexes);
    }
}
