using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// A map from 128-bit row hashes to non-negative 64-bit values (packed row ids), built for exact
/// dedupe over tens of millions of keys: 24 bytes a slot, no per-entry overhead, and split into
/// 256 shards by the hash's top byte.
/// </summary>
/// <remarks>
/// <para>
/// Each shard is an open-addressing table with linear probing. A key's home slot is the hash's low
/// 64 bits scaled to the shard's capacity (any capacity, not only powers of two), so a shard grows by
/// half when it is three quarters full: the table stays between one half and three quarters full,
/// and a resize copies one shard (1/256 of the keys), never the whole table at once.
/// </para>
/// <para>
/// Slots live in native memory, taken on first use and freed as soon as a shard has grown out of
/// them (the rest when the table is disposed: the dedupe steps dispose theirs, the pass executor
/// disposes its per-pass steps; or finalized). Managed arrays of this size are large-object-heap
/// garbage once outgrown, returned only by a full collection: while a 10M-key table grew, the
/// arrays it had outgrown (about twice its final size) stayed in the process's memory.
/// </para>
/// <para>
/// Shards share nothing, so a batch of keys can be added on several threads, one shard per thread
/// at a time (<see cref="AddFirst"/>). Equal keys always meet in the same shard in batch order, so
/// which row is "first" does not depend on the number of threads.
/// </para>
/// </remarks>
internal sealed unsafe class KeyTable : IDisposable
{
    private const int ShardCount = 256;
    private const int InitialCapacity = 64;
    private const int PrefetchDistance = 8;

    /// <summary>A slot is empty when <see cref="Stored"/> is 0; it holds the value plus one.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public ulong Low;
        public ulong High;
        public long Stored;
    }

    /// <summary>
    /// 128 bytes each: whatever the array's alignment, the fields of neighbouring shards (which
    /// different threads update) never share a 64-byte cache line.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    private struct Shard
    {
        public Slot* Slots;
        public int Capacity;
        public int Count;
    }

    private readonly Shard[] _shards = new Shard[ShardCount];
    private int[] _order = [];
    private bool _disposed;

    /// <summary>Whether the shards have their slots (taken on first use, all at once).</summary>
    private bool Allocated => _shards[0].Slots is not null;

    ~KeyTable() => Free();

    /// <summary>Frees the slots; the table cannot be used after. (A table never used holds no memory.)</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Distinct keys held.</summary>
    public long Count => _shards.Sum(s => (long)s.Count);

    /// <summary>Bytes held by the slots: the table's memory, for the key-table benchmark and tests.</summary>
    public long Bytes => _shards.Sum(s => (long)s.Capacity) * sizeof(Slot);

    /// <summary>
    /// Adds every key not seen before with its value; for a key seen before (earlier in this batch or
    /// in an earlier one) sets <paramref name="first"/> to the value it was added with, else to -1.
    /// </summary>
    public void AddFirst(UInt128[] keys, long[] values, long[] first, int parallelism)
    {
        Allocate();
        if (keys.Length < 4096)
        {
            for (var i = 0; i < keys.Length; i++) first[i] = GetOrAdd(ref _shards[ShardIndex(keys[i])], keys[i], values[i]);
            return;
        }
        // Rows grouped by shard, in batch order within a shard, then a shard at a time: one shard's
        // slots (1/256 of the table) stay in cache while its rows probe them. Whole shards per thread.
        var starts = GroupByShard(keys);
        var order = _order;
        if (parallelism <= 1)
        {
            for (var s = 0; s < ShardCount; s++) AddShard(s);
            return;
        }
        Parallel.For(0, parallelism, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, worker =>
        {
            for (var s = worker; s < ShardCount; s += parallelism) AddShard(s);
        });

        // A shard's slots are 1/256 of the table, still megabytes at tens of millions of keys, and
        // left cache since the last batch: each probe is a miss. The home slot of the row a few places
        // ahead is prefetched, so that several misses are in flight instead of one at a time.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void AddShard(int s)
        {
            ref var shard = ref _shards[s];
            var (start, end) = (starts[s], starts[s + 1]);
            for (var j = start; j < end && j < start + PrefetchDistance; j++) Prefetch(in shard, keys[order[j]]);
            for (var j = start; j < end; j++)
            {
                if (j + PrefetchDistance < end) Prefetch(in shard, keys[order[j + PrefetchDistance]]);
                var i = order[j];
                first[i] = GetOrAdd(ref shard, keys[i], values[i]);
            }
        }
    }

    /// <summary>Sets the key's value to <paramref name="value"/> when it is absent or holds a smaller one.</summary>
    public void SetMax(UInt128 key, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Allocate();
        ref var slot = ref Find(ref _shards[ShardIndex(key)], key, out var found);
        if (!found || value + 1 > slot.Stored) slot.Stored = value + 1;
    }

    public bool TryGetValue(UInt128 key, out long value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        value = -1;
        if (!Allocated) return false;
        ref var shard = ref _shards[ShardIndex(key)];
        var (low, high) = Split(key);
        value = shard.Slots[Probe(shard.Slots, shard.Capacity, low, high)].Stored - 1;
        return value >= 0;
    }

    /// <summary>Takes every key of <paramref name="other"/>, keeping the larger value where both hold one.</summary>
    public void MergeMax(KeyTable other)
    {
        ObjectDisposedException.ThrowIf(other._disposed, other);
        if (!other.Allocated) return;
        for (var s = 0; s < ShardCount; s++)
        {
            var shard = other._shards[s];
            for (var i = 0; i < shard.Capacity; i++)
            {
                var slot = shard.Slots[i];
                if (slot.Stored != 0) SetMax(((UInt128)slot.High << 64) | slot.Low, slot.Stored - 1);
            }
        }
    }

    private long GetOrAdd(ref Shard shard, UInt128 key, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ref var slot = ref Find(ref shard, key, out var found);
        if (found) return slot.Stored - 1;
        slot.Stored = value + 1;
        return -1;
    }

    /// <summary>The key's slot, or the empty slot where it goes (claimed: its key is written and the count raised).</summary>
    private ref Slot Find(ref Shard shard, UInt128 key, out bool found)
    {
        if (shard.Count >= shard.Capacity / 4 * 3) Grow(ref shard);
        var (low, high) = Split(key);
        ref var slot = ref shard.Slots[Probe(shard.Slots, shard.Capacity, low, high)];
        found = slot.Stored != 0;
        if (!found)
        {
            slot.Low = low;
            slot.High = high;
            shard.Count++;
        }
        return ref slot;
    }

    /// <summary>Index of the key's slot, or of the empty slot that ends its probe sequence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Probe(Slot* slots, int capacity, ulong low, ulong high)
    {
        for (var i = Home(low, capacity); ; i = i + 1 == capacity ? 0 : i + 1)
        {
            ref var slot = ref slots[i];
            if (slot.Stored == 0 || (slot.Low == low && slot.High == high)) return i;
        }
    }

    /// <summary>A hint only: a slot the shard may grow out of before it is probed costs nothing but the hint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Prefetch(in Shard shard, UInt128 key)
    {
        if (Sse.IsSupported) Sse.Prefetch0(shard.Slots + Home((ulong)key, shard.Capacity));
    }

    /// <summary>
    /// Sizes every shard for <paramref name="keys"/> keys in all at about <see cref="ReservedLoad"/>
    /// (none shrinks), so that the table does not grow again until it holds that many (give or take
    /// how unevenly they fall into shards). Grown shard by shard instead, a 10M-key table copied
    /// about three times its keys and ended 60 % full on average.
    /// </summary>
    public void Reserve(long keys, int parallelism = 1)
    {
        Allocate();
        var capacity = (int)Math.Min(Math.Ceiling(keys / (double)ShardCount / ReservedLoad), System.Array.MaxLength / 2);
        // Shards share nothing: resized on several threads, each copying its keys and faulting in its pages.
        Parallel.For(0, ShardCount, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(parallelism, 1) }, s =>
        {
            if (_shards[s].Capacity < capacity) Resize(ref _shards[s], capacity);
        });
    }

    /// <summary>How full <see cref="Reserve"/> leaves a table that holds the keys it was told of (it grows at three quarters).</summary>
    internal const double ReservedLoad = 0.7;

    private void Grow(ref Shard shard) => Resize(ref shard, shard.Capacity + shard.Capacity / 2);

    private void Resize(ref Shard shard, int capacity)
    {
        var slots = Allocate(capacity);
        for (var i = 0; i < shard.Capacity; i++)
        {
            var slot = shard.Slots[i];
            if (slot.Stored != 0) slots[Probe(slots, capacity, slot.Low, slot.High)] = slot; // keys are distinct: an empty slot
        }
        Release(shard.Slots, shard.Capacity);
        shard.Slots = slots;
        shard.Capacity = capacity;
    }

    /// <summary>The shards' first slots, on first use: a table that is created but never used (explain, validate) holds nothing.</summary>
    private void Allocate()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Allocated) return;
        for (var s = 0; s < ShardCount; s++) _shards[s] = new Shard { Slots = Allocate(InitialCapacity), Capacity = InitialCapacity };
    }

    private static Slot* Allocate(int capacity)
    {
        // Zeroed native memory that goes back to the system when a shard outgrows it (see ZeroedMemory:
        // from the C heap, the outgrown blocks of a 10M-key table stayed in the process, ~100 MB).
        return (Slot*)ZeroedMemory.Alloc((long)capacity * sizeof(Slot));
    }

    private static void Release(Slot* slots, int capacity) => ZeroedMemory.Free(slots, (long)capacity * sizeof(Slot));

    private void Free()
    {
        _disposed = true;
        for (var s = 0; s < ShardCount; s++)
        {
            if (_shards[s].Slots is null) continue;
            Release(_shards[s].Slots, _shards[s].Capacity);
            _shards[s] = default;
        }
    }

    /// <summary>Start of each shard's rows in <see cref="_order"/> (257 entries), which lists row indexes by shard, in batch order.</summary>
    private int[] GroupByShard(ReadOnlySpan<UInt128> keys)
    {
        var starts = new int[ShardCount + 1];
        foreach (var key in keys) starts[ShardIndex(key) + 1]++;
        for (var s = 1; s <= ShardCount; s++) starts[s] += starts[s - 1];
        if (_order.Length < keys.Length) _order = new int[keys.Length];
        var next = starts[..ShardCount];
        for (var i = 0; i < keys.Length; i++) _order[next[ShardIndex(keys[i])]++] = i;
        return starts;
    }

    private static int ShardIndex(UInt128 key) => (int)(ulong)(key >> 120);

    /// <summary>The low 64 bits scaled to the capacity: uniform for a uniform hash, for any capacity.</summary>
    private static int Home(ulong low, int capacity) => (int)Math.BigMul(low, (ulong)capacity, out _);

    private static (ulong Low, ulong High) Split(UInt128 key) => ((ulong)key, (ulong)(key >> 64));
}
