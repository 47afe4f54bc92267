using System.Runtime.InteropServices;
using Apache.Arrow;

namespace DataPrep.Data;

/// <summary>
/// Byte arrays given back by a caller that knows nothing reads them any more, handed out again
/// for the next batch's buffers instead of new arrays. A batch's buffers are megabytes: each new
/// one is a large-object-heap allocation that costs a collection's work and, as the collector
/// returns freed memory to the system, the kernel's zeroed pages again (a 10M-row run touched
/// about 3 GB of fresh pages that way). Arrays are handed out with room to spare, since the next
/// batch's column is a little longer or shorter than the last one's; what comes back beyond
/// <c>kept</c> arrays is left to the collector. Thread-safe.
/// </summary>
/// <remarks>
/// Only the one place that knows a batch's buffers have no other reader may give them back
/// (arrays are never reused on dispose: steps pass columns through to later batches), and each
/// lent array in exactly one call (<see cref="Return(IEnumerable{byte[]})"/>). Only arrays this recycler handed
/// out are taken back, each once: a batch may also hold arrays from elsewhere
/// (a column a reader cut from one array of a whole row group), which <see cref="ReturnAll(RecordBatch)"/> leaves alone.
/// </remarks>
internal sealed class ArrayRecycler(int kept)
{
    /// <summary>Arrays handed out and not yet given back (weakly: one never given back is the collector's).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], object> _lent = [];

    /// <summary>Arrays below this size go to the collector: they cost it little, and would crowd out the large ones.</summary>
    private const int Smallest = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly List<byte[]> _free = [];

    /// <summary>Arrays handed out again rather than allocated (tests).</summary>
    public long Reused
    {
        get { lock (_gate) return _reused; }
    }

    private long _reused;

    /// <summary>
    /// An array of at least <paramref name="length"/> bytes, its contents undefined (the caller
    /// writes every byte it uses): the smallest kept one that fits, or a new one with room to spare.
    /// </summary>
    public byte[] Rent(int length)
    {
        if (length < Smallest) return GC.AllocateUninitializedArray<byte>(length);
        lock (_gate)
        {
            var best = -1;
            for (var i = 0; i < _free.Count; i++)
                if (_free[i].Length >= length && (best < 0 || _free[i].Length < _free[best].Length)) best = i;
            if (best >= 0)
            {
                var array = _free[best];
                _free.RemoveAt(best);
                _lent.Add(array, this);
                _reused++;
                return array;
            }
        }
        var fresh = GC.AllocateUninitializedArray<byte>((int)Math.Min((length + length / 16L + 4096) & ~4095L, System.Array.MaxLength));
        _lent.Add(fresh, this);
        return fresh;
    }

    /// <summary><see cref="Rent"/> with the first <paramref name="length"/> bytes zeroed (for buffers whose unwritten slots must read 0).</summary>
    public byte[] RentZeroed(int length)
    {
        var array = Rent(length);
        array.AsSpan(0, length).Clear();
        return array;
    }

    /// <summary>
    /// Takes back an array this recycler handed out, once nothing reads it any more (the oldest kept
    /// one makes room when full); any other array, or one given back already, is left alone.
    /// </summary>
    public void Return(byte[] array)
    {
        lock (_gate) TakeBack(array);
    }

    /// <summary>
    /// Takes back every array in <paramref name="arrays"/> under one lock, each once however often it
    /// is listed. Every lent array must come back in exactly one call: an array under several buffers
    /// (an IPC body holds all of a batch's) given back once per buffer could be rented again by another
    /// thread between two of those returns, and the next return would then put it in the free list
    /// while it is lent. So a holder gives back everything it holds from this recycler at once.
    /// </summary>
    public void Return(IEnumerable<byte[]> arrays)
    {
        lock (_gate)
            foreach (var array in arrays) TakeBack(array);
    }

    /// <summary>Takes back every array under a batch's buffers, children included: the batch must not be read after this.</summary>
    public void ReturnAll(RecordBatch batch) => Return(ArraysUnder(batch));

    private void TakeBack(byte[] array)
    {
        // Listed again (another buffer in the same array) or never lent by this recycler: left alone.
        if (!_lent.Remove(array)) return;
        if (_free.Count == kept) _free.RemoveAt(0);
        _free.Add(array);
    }

    /// <summary>The managed arrays under every column's buffers (<see cref="ArraysUnder(ArrayData)"/>).</summary>
    public static IEnumerable<byte[]> ArraysUnder(RecordBatch batch) => batch.Arrays.SelectMany(a => ArraysUnder(a.Data));

    /// <summary>
    /// The managed arrays under a column's buffers, its children's included (an array under two
    /// buffers comes twice); buffers over native memory have none.
    /// </summary>
    public static IEnumerable<byte[]> ArraysUnder(ArrayData data)
    {
        foreach (var buffer in data.Buffers)
            // At any offset: an IPC body holds all of a batch's buffers, one after another.
            if (buffer.Length > 0 && MemoryMarshal.TryGetArray(buffer.Memory, out var segment) && segment.Array is { } array)
                yield return array;
        if (data.Children is { } children)
            foreach (var child in children)
                foreach (var array in ArraysUnder(child)) yield return array;
    }
}
