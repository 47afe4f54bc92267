using System.Runtime.InteropServices;

namespace DataPrep.Reports.Sketches;

/// <summary>
/// Most frequent values with counts (Misra-Gries, with the decrement batched: up to 2m counters,
/// and when they overflow every count drops by the (m+1)-th largest). A reported count is a lower
/// bound, short by at most <see cref="MaxUndercount"/> (≤ n / (m + 1)); exact while the column has
/// at most m distinct values. Merging adds counters and compacts the same way (Agarwal et al. 2012).
/// Values are keyed by their 64-bit hash; the label is made once, when a value gets a counter.
/// </summary>
public sealed class FrequentItems(int capacity = 64)
{
    private Dictionary<ulong, Entry> _entries = [];

    public int Capacity { get; } = capacity;

    /// <summary>The most any reported count can be below the true count.</summary>
    public long MaxUndercount { get; private set; }

    public bool Exact => MaxUndercount == 0;

    public int Tracked => _entries.Count;

    /// <summary>Counts a text value given as UTF-8.</summary>
    public void Add(ulong hash, ReadOnlySpan<byte> utf8, long weight = 1)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, hash, out var exists);
        if (!exists) entry.Label = System.Text.Encoding.UTF8.GetString(utf8);
        entry.Count += weight;
        if (_entries.Count > 2 * Capacity) Compact();
    }

    /// <summary>Counts a value; <paramref name="format"/> makes its label only when it is not tracked yet.</summary>
    public void Add(ulong hash, double value, Func<double, string> format, long weight = 1)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, hash, out var exists);
        if (!exists) entry.Label = format(value);
        entry.Count += weight;
        if (_entries.Count > 2 * Capacity) Compact();
    }

    public void Merge(FrequentItems other)
    {
        foreach (var (hash, e) in other._entries)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, hash, out var exists);
            if (!exists) entry.Label = e.Label;
            entry.Count += e.Count;
        }
        MaxUndercount += other.MaxUndercount;
        if (_entries.Count > 2 * Capacity) Compact();
    }

    /// <summary>The <paramref name="n"/> largest counts, ties broken by label (ordinal), so output is stable.</summary>
    public IReadOnlyList<(string Label, long Count)> Top(int n) =>
        _entries.Values.OrderByDescending(e => e.Count).ThenBy(e => e.Label, StringComparer.Ordinal)
            .Take(n).Select(e => (e.Label, e.Count)).ToList();

    /// <summary>Every tracked value with its count (all values when <see cref="Exact"/>).</summary>
    public IReadOnlyList<(string Label, long Count)> All() => Top(int.MaxValue);

    private void Compact()
    {
        var counts = _entries.Values.Select(e => e.Count).OrderByDescending(c => c).ToArray();
        var cut = counts[Capacity];
        var kept = new Dictionary<ulong, Entry>(2 * Capacity + 1);
        foreach (var (hash, e) in _entries)
        {
            if (e.Count > cut) kept[hash] = e with { Count = e.Count - cut };
        }
        _entries = kept;
        MaxUndercount += cut;
    }

    private record struct Entry(long Count, string Label);
}
