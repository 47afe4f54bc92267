using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

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
/// Shards share nothing, so a batch of keys can be added on several threads, one shard per thread
/// at a time (<see cref="AddFirst"/>). Equal keys always meet in the same shard in batch order, so
/// which row is "first" does not depend on the number of threads.
/// </para>
/// </remarks>
internal sealed class KeyTable
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

    private sealed class Shard
    {
        public Slot[] Slots = new Slot[InitialCapacity];
        public int Count;
    }

    private readonly Shard[] _shards = CreateShards();
    private int[] _order = [];

    /// <summary>Distinct keys held.</summary>
    public long Count => _shards.Sum(s => (long)s.Count);

    /// <summary>Bytes held by the slot arrays: the table's memory, for the key-table benchmark and tests.</summary>
    public long Bytes => _shards.Sum(s => (long)s.Slots.Length) * Marshal.SizeOf<Slot>();

    /// <summary>
    /// Adds every key not seen before with its value; for a key seen before (earlier in this batch or
    /// in an earlier one) sets <paramref name="first"/> to the value it was added with, else to -1.
    /// </summary>
    public void AddFirst(UInt128[] keys, long[] values, long[] first, int parallelism)
    {
        if (keys.Length < 4096)
        {
            for (var i = 0; i < keys.Length; i++) first[i] = GetOrAdd(ShardOf(keys[i]), keys[i], values[i]);
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
        void AddShard(int s)
        {
            var shard = _shards[s];
            var (start, end) = (starts[s], starts[s + 1]);
            for (var j = start; j < end && j < start + PrefetchDistance; j++) Prefetch(shard.Slots, keys[order[j]]);
            for (var j = start; j < end; j++)
            {
                if (j + PrefetchDistance < end) Prefetch(shard.Slots, keys[order[j + PrefetchDistance]]);
                var i = order[j];
                first[i] = GetOrAdd(shard, keys[i], values[i]);
            }
        }
    }

    /// <summary>Sets the key's value to <paramref name="value"/> when it is absent or holds a smaller one.</summary>
    public void SetMax(UInt128 key, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ref var slot = ref Find(ShardOf(key), key, out var found);
        if (!found || value + 1 > slot.Stored) slot.Stored = value + 1;
    }

    public bool TryGetValue(UInt128 key, out long value)
    {
        var shard = ShardOf(key);
        var (low, high) = Split(key);
        var slot = Probe(shard.Slots, low, high);
        value = shard.Slots[slot].Stored - 1;
        return value >= 0;
    }

    /// <summary>Takes every key of <paramref name="other"/>, keeping the larger value where both hold one.</summary>
    public void MergeMax(KeyTable other)
    {
        for (var s = 0; s < ShardCount; s++)
            foreach (var slot in other._shards[s].Slots)
                if (slot.Stored != 0) SetMax(((UInt128)slot.High << 64) | slot.Low, slot.Stored - 1);
    }

    private long GetOrAdd(Shard shard, UInt128 key, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ref var slot = ref Find(shard, key, out var found);
        if (found) return slot.Stored - 1;
        slot.Stored = value + 1;
        return -1;
    }

    /// <summary>The key's slot, or the empty slot where it goes (claimed: its key is written and the count raised).</summary>
    private static ref Slot Find(Shard shard, UInt128 key, out bool found)
    {
        if (shard.Count >= shard.Slots.Length / 4 * 3) Grow(shard);
        var (low, high) = Split(key);
        ref var slot = ref shard.Slots[Probe(shard.Slots, low, high)];
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
    private static int Probe(Slot[] slots, ulong low, ulong high)
    {
        for (var i = Home(low, slots.Length); ; i = i + 1 == slots.Length ? 0 : i + 1)
        {
            ref var slot = ref slots[i];
            if (slot.Stored == 0 || (slot.Low == low && slot.High == high)) return i;
        }
    }

    /// <summary>A hint only: the slot may move (a grow, the GC) before it is probed, which costs nothing but the hint.</summary>
    private static unsafe void Prefetch(Slot[] slots, UInt128 key)
    {
        if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref slots[Home((ulong)key, slots.Length)]));
    }

    private static void Grow(Shard shard)
    {
        var old = shard.Slots;
        var slots = new Slot[old.Length + old.Length / 2];
        foreach (var slot in old)
            if (slot.Stored != 0) slots[Probe(slots, slot.Low, slot.High)] = slot; // keys are distinct: an empty slot
        shard.Slots = slots;
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

    private Shard ShardOf(UInt128 key) => _shards[ShardIndex(key)];

    private static int ShardIndex(UInt128 key) => (int)(ulong)(key >> 120);

    /// <summary>The low 64 bits scaled to the capacity: uniform for a uniform hash, for any capacity.</summary>
    private static int Home(ulong low, int capacity) => (int)Math.BigMul(low, (ulong)capacity, out _);

    private static (ulong Low, ulong High) Split(UInt128 key) => ((ulong)key, (ulong)(key >> 64));

    private static Shard[] CreateShards()
    {
        var shards = new Shard[ShardCount];
        for (var s = 0; s < shards.Length; s++) shards[s] = new Shard();
        return shards;
    }
}
