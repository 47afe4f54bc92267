using System.Numerics;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Converts between Parquet definition levels of a flat optional column (1 = value, 0 = null) and
/// an Arrow validity bitmap (LSB first).
/// </summary>
internal static class DefinitionLevels
{
    /// <summary>The validity bitmap of the first <paramref name="rows"/> levels; null when none is null (or no levels).</summary>
    public static byte[]? ToValidity(int[]? defs, int rows, out int nullCount)
    {
        nullCount = 0;
        if (defs is null) return null;
        var levels = defs.AsSpan(0, rows);
        nullCount = rows - levels.Count(1);
        if (nullCount == 0) return null;
        var bitmap = new byte[(rows + 7) / 8];
        var full = rows / 8;
        for (var b = 0; b < full; b++)
        {
            var eight = levels.Slice(b * 8, 8);
            bitmap[b] = (byte)(eight[0] | eight[1] << 1 | eight[2] << 2 | eight[3] << 3
                | eight[4] << 4 | eight[5] << 5 | eight[6] << 6 | eight[7] << 7);
        }
        for (var i = full * 8; i < rows; i++)
            if (levels[i] == 1) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        return bitmap;
    }

    /// <summary>
    /// Writes one level per row from the validity bits starting at bit <paramref name="offset"/>;
    /// returns the number of rows with a value.
    /// </summary>
    public static int FromValidity(ReadOnlySpan<byte> validity, int offset, Span<int> levels)
    {
        var present = 0;
        var i = 0;
        // Whole bytes when the bitmap is byte-aligned (the writer's arrays always start at 0).
        if ((offset & 7) == 0)
        {
            var bytes = validity.Slice(offset >> 3);
            for (; i + 8 <= levels.Length; i += 8)
            {
                var bits = bytes[i >> 3];
                present += BitOperations.PopCount(bits);
                var eight = levels.Slice(i, 8);
                if (bits == 0xFF) eight.Fill(1);
                else for (var k = 0; k < 8; k++) eight[k] = (bits >> k) & 1;
            }
        }
        for (; i < levels.Length; i++)
        {
            var bit = offset + i;
            var level = (validity[bit >> 3] >> (bit & 7)) & 1;
            levels[i] = level;
            present += level;
        }
        return present;
    }
}
