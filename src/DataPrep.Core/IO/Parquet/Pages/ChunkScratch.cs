namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// One worker's buffers for a column chunk's compressed bytes and its decompressed page, kept from
/// chunk to chunk. Allocating them per chunk put two large-object-heap arrays per column into
/// garbage that only a gen-2 collection returns, which raised the copy's peak memory. Not
/// thread-safe: one per worker.
/// </summary>
internal sealed class ChunkScratch
{
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
            buffer = GC.AllocateUninitializedArray<byte>(length);
        }
        return buffer;
    }
}
