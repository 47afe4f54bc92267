namespace DataPrep.Steps.Dedupe;

/// <summary>
/// The fit-pass state of a near-duplicate dedupe: per row with text, its packed row id, text
/// length, band keys and (for the exact check) its sorted distinct 32-bit shingle hashes. Kept as
/// one chunk per batch; merging only collects chunks, so it costs nothing.
/// </summary>
internal sealed class NearSignatures : Steps.IStatistics
{
    public List<Chunk> Chunks { get; } = [];

    public void Merge(Steps.IStatistics other) => Chunks.AddRange(((NearSignatures)other).Chunks);

    /// <param name="Rows">Packed row ids, ascending.</param>
    /// <param name="Lengths">Text length in UTF-8 bytes.</param>
    /// <param name="BandKeys">Row-major: bands keys per row.</param>
    /// <param name="ShingleStarts">Row i's shingles are <c>Shingles[ShingleStarts[i]..ShingleStarts[i + 1]]</c>; empty without the exact check.</param>
    public sealed record Chunk(long[] Rows, int[] Lengths, ulong[] BandKeys, int[] ShingleStarts, uint[] Shingles)
    {
        public ReadOnlySpan<uint> ShinglesOf(int row) => Shingles.AsSpan(ShingleStarts[row], ShingleStarts[row + 1] - ShingleStarts[row]);
    }
}
