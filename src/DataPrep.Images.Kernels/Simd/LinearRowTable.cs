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

    /// <summary>Per chunk, 64 indexes into the 128-byte window: byte 2l is lane l's first tap, 2l + 1 its second.</summary>
    public byte[]? Permute512 { get; private set; }

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
        for (var j = 0; j < values; j++)
        {
            var p = j / channels;
            var ch = j - p * channels;
            k0[j] = x.I0[p] * channels + ch;
            k1[j] = x.I1[p] * channels + ch;
            pairs[2 * j] = x.W0[p];
            pairs[2 * j + 1] = x.W1[p];
        }
        var table = new LinearRowTable(values, k0, k1, pairs);
        if (Avx512Vbmi.IsSupported && values >= Chunk512 && rowBytes >= 128)
        {
            (table.Base512, table.Permute512) = Windows(k0, k1, values, Chunk512, 128, rowBytes);
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

    // For each chunk of 'chunk' values: a window of 'window' bytes inside the row holding both taps
    // of every value (placed as low as the taps allow, moved down when it would pass the row's end).
    private static (int[] Bases, byte[] Indexes) Windows(int[] k0, int[] k1, int values, int chunk, int window, int rowBytes)
    {
        var chunks = (values + chunk - 1) / chunk;
        var bases = new int[chunks];
        var indexes = new byte[chunks * chunk * 2];
        for (var c = 0; c < chunks; c++)
        {
            var j = Math.Min(c * chunk, values - chunk);
            int lo = int.MaxValue, hi = int.MinValue;
            for (var l = 0; l < chunk; l++)
            {
                lo = Math.Min(lo, Math.Min(k0[j + l], k1[j + l]));
                hi = Math.Max(hi, Math.Max(k0[j + l], k1[j + l]));
            }
            var start = Math.Min(lo, rowBytes - window);
            if (hi - start >= window)
            {
                bases[c] = -1;
                continue;
            }
            bases[c] = start;
            for (var l = 0; l < chunk; l++)
            {
                indexes[(c * chunk + l) * 2] = (byte)(k0[j + l] - start);
                indexes[(c * chunk + l) * 2 + 1] = (byte)(k1[j + l] - start);
            }
        }
        return (bases, indexes);
    }
}
