namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// Where each row of the reference file comes from. There are <see cref="Distinct"/> base rows,
/// pairwise different by construction (see <see cref="TextModel"/>), and <see cref="Duplicates"/>
/// extra rows, each a copy of a different base row. A keyed permutation of the logical index
/// scatters them through the file, so an exact dedupe on every column but <c>id</c> leaves exactly
/// <see cref="Distinct"/> rows.
/// </summary>
internal sealed class DatasetLayout
{
    /// <summary>The text key spends 5 words of a 64-word vocabulary: 2^30 distinct base rows.</summary>
    public const long MaxRows = 1L << 30;

    private readonly FeistelPermutation _shuffle;
    private readonly long _duplicateStride;

    public DatasetLayout(long rows, ulong seed)
    {
        if (rows < 1 || rows > MaxRows) throw new ArgumentOutOfRangeException(nameof(rows), $"rows must be in [1, {MaxRows}]");
        Rows = rows;
        Duplicates = DuplicatesFor(rows);
        Distinct = rows - Duplicates;
        _duplicateStride = Duplicates == 0 ? 1 : Distinct / Duplicates;
        _shuffle = new FeistelPermutation(rows, SplitMix64.Mix(seed ^ 0x5EED_0F_5A0FF1E5UL));
    }

    public long Rows { get; }

    /// <summary>3 % of the rows, rounded down.</summary>
    public long Duplicates { get; }

    /// <summary>Rows left after an exact dedupe on every column but <c>id</c>.</summary>
    public long Distinct { get; }

    public static long DuplicatesFor(long rows) => rows * 3 / 100;

    /// <summary>The base row whose content the row at this file position carries.</summary>
    public long BaseRowAt(long position)
    {
        var logical = _shuffle.Map(position);
        // Duplicate j copies base row j * stride: distinct base rows, spread over the whole range.
        return logical < Distinct ? logical : (logical - Distinct) * _duplicateStride;
    }
}
