namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Buffers for a column chunk's compressed bytes and its decompressed page, kept from chunk to
/// chunk. Allocating them per chunk put two large-object-heap arrays per column into garbage that
/// only a gen-2 collection returns, which raised the copy's peak memory. Not thread-safe: one
/// decode at a time uses one (see <see cref="Pool"/>).
/// </summary>
internal sealed class ChunkScratch
{
    /// <summary>Bytes of the compressed-chunk buffer.</summary>
    public long ChunkCapacity => _chunk.Length;

    /// <summary>
    /// Scratch shared by the workers of one reader. A chunk takes the idle scratch with the smallest
    /// chunk buffer that holds its compressed bytes, or else the largest idle one (which then grows):
    /// so the one large column of a table (a text column) keeps reusing the large scratch and the
    /// other workers the small ones, instead of every worker's scratch growing to the largest chunk
    /// it ever decoded. (A chunk's largest page is not known before its headers are read; it grows
    /// with the chunk.)
    /// </summary>
    public sealed class Pool
    {
        private readonly List<ChunkScratch> _idle = [];
        private readonly Lock _gate = new();

        /// <param name="compressedBytes">The chunk's compressed size (footer metadata).</param>
        public ChunkScratch Rent(long compressedBytes)
        {
            lock (_gate)
            {
                if (_idle.Count == 0) return new ChunkScratch();
                var pick = _idle.Where(s => s.ChunkCapacity >= compressedBytes).MinBy(s => s.ChunkCapacity) ?? _idle.MaxBy(s => s.ChunkCapacity)!;
                _idle.Remove(pick);
                return pick;
            }
        }

        public void Return(ChunkScratch scratch)
        {
            lock (_gate) _idle.Add(scratch);
        }
    }

    private byte[] _chunk = [];
    private byte[] _page = [];

    /// <summary>A buffer of at least <paramref name="length"/> bytes for a chunk (contents undefined).</summary>
    public byte[] Chunk(int length) => Ensure(ref _chunk, length);

    /// <summary>A buffer of at least <paramref name="length"/> bytes for a decompressed page (contents undefined).</summary>
    public byte[] Page(int length) => Ensure(ref _page, length);

    private static byte[] Ensure(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = []; // let the old one go before taking the new one
            // With an eighth to spare: a column's pages and chunks differ a little in size, and a
            // buffer of exactly the size asked for was outgrown by the next one nearly every time
            // (0.4 GB of new arrays in a 10M-row read).
            buffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(length, Math.Min(length + length / 8L, Array.MaxLength)));
        }
        return buffer;
    }
}
