using System.Runtime.InteropServices;

namespace DataPrep.Reports.Sketches;

/// <summary>
/// Quantiles of a stream (Karnin, Lang and Liberty 2016): level h holds items of weight 2^h; a
/// full level is sorted and every other item (odd or even, by a coin) is promoted one level up.
/// With k = 400 the normalized rank error stays under 1 % (the stated bound). Mergeable: levels
/// are concatenated and compacted again. The coin is a seeded generator (a fixed seed by default),
/// so a run's report does not depend on chance; merged in the same order, the same sketches give
/// the same result.
/// </summary>
/// <param name="seed">Seeds the coin; 0 for the fixed default. Per-batch sketches that are merged
/// later get distinct seeds (<see cref="SeedOf"/>): with one seed they would all flip the same coins,
/// and their compaction errors would add up instead of cancelling.</param>
public sealed class KllSketch(ulong seed = 0)
{
    public const int K = 400;

    /// <summary>Normalized rank error stated in reports.</summary>
    public const double StatedRankError = 0.01;

    private readonly List<List<double>> _levels = [[]];
    private ulong _coin = seed == 0 ? 0x2545F4914F6CDD1DUL : HyperLogLog.Mix(seed) | 1; // xorshift: any state but 0

    /// <summary>A seed for the sketch of stream <paramref name="stream"/> (a column) in batch <paramref name="sequence"/>; 0 (the default coin) for no batch (a negative sequence).</summary>
    public static ulong SeedOf(long sequence, int stream) => sequence < 0 ? 0 : ((ulong)sequence << 20) ^ (ulong)(stream + 1);
    private int _size;
    private int[]? _capacities;

    public long Count { get; private set; }

    public void Add(double value)
    {
        _levels[0].Add(value);
        _size++;
        Count++;
        if (_size >= Capacity()) Compress();
    }

    /// <summary>
    /// Adds a value that stands for 2^<paramref name="level"/> values (one of a systematic sample
    /// taking every 2^level-th value): it enters at that level, as if compacted there.
    /// </summary>
    public void Add(double value, int level)
    {
        while (_levels.Count <= level) { _levels.Add([]); _capacities = null; }
        _levels[level].Add(value);
        _size++;
        Count += 1L << level;
        if (_size >= Capacity()) Compress();
    }

    /// <summary>
    /// Adds values that each stand for 2^<paramref name="level"/> (a batch, or a systematic sample of
    /// one) in one go: the block is sorted once and compacted within itself, as the sketch would
    /// compact it, until it is no larger than half of <see cref="K"/>; then it joins the sketch. Fewer,
    /// larger compactions: less work, and no more rank error than adding the values one by one.
    /// Sorts <paramref name="values"/> in place.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AddBlock(Span<double> values, int level)
    {
        if (values.IsEmpty) return;
        Count += (long)values.Length << level;
        values.Sort();
        var n = values.Length;
        while (n > K / 2)
        {
            if (n % 2 == 1) { Level(level).Add(values[n - 1]); _size++; n--; } // the odd item out stays, weights are conserved
            var offset = (int)(NextCoin() & 1);
            for (var i = 0; i < n / 2; i++) values[i] = values[2 * i + offset];
            n /= 2;
            level++;
        }
        Level(level).AddRange(values[..n]);
        _size += n;
        while (_size >= Capacity()) Compress();
    }

    private List<double> Level(int h)
    {
        while (_levels.Count <= h) { _levels.Add([]); _capacities = null; }
        return _levels[h];
    }

    public void Merge(KllSketch other)
    {
        while (_levels.Count < other._levels.Count) { _levels.Add([]); _capacities = null; }
        for (var h = 0; h < other._levels.Count; h++) _levels[h].AddRange(other._levels[h]);
        _size += other._size;
        Count += other.Count;
        while (_size >= Capacity()) Compress();
    }

    /// <summary>The retained items with their weights, sorted by value.</summary>
    public (double[] Values, long[] Weights) Items()
    {
        var values = new double[_size];
        var weights = new long[_size];
        var n = 0;
        for (var h = 0; h < _levels.Count; h++)
        {
            foreach (var v in _levels[h]) { values[n] = v; weights[n++] = 1L << h; }
        }
        Array.Sort(values, weights);
        return (values, weights);
    }

    /// <summary>The value at normalized rank <paramref name="q"/> (0..1); NaN when empty.</summary>
    public double Quantile(double q) => Quantiles([q])[0];

    public double[] Quantiles(IReadOnlyList<double> ranks)
    {
        var (values, weights) = Items();
        var result = new double[ranks.Count];
        if (values.Length == 0) { Array.Fill(result, double.NaN); return result; }
        var total = weights.Sum();
        for (var r = 0; r < ranks.Count; r++)
        {
            var target = ranks[r] * total;
            long cumulative = 0;
            var i = 0;
            for (; i < values.Length - 1; i++)
            {
                cumulative += weights[i];
                if (cumulative >= target) break;
            }
            result[r] = values[i];
        }
        return result;
    }

    /// <summary>Fraction of the stream strictly below <paramref name="value"/>.</summary>
    public double Rank(double value)
    {
        long below = 0, total = 0;
        for (var h = 0; h < _levels.Count; h++)
        {
            foreach (var v in _levels[h])
            {
                total += 1L << h;
                if (v < value) below += 1L << h;
            }
        }
        return total == 0 ? double.NaN : (double)below / total;
    }

    private int LevelCapacity(int h) => Capacities()[h];

    private int Capacity() => Capacities()[^1];

    /// <summary>Per-level capacities, and their total last; recomputed only when a level is added.</summary>
    private int[] Capacities()
    {
        if (_capacities is { } c) return c;
        c = new int[_levels.Count + 1];
        for (var h = 0; h < _levels.Count; h++)
        {
            c[h] = Math.Max(8, (int)Math.Ceiling(K * Math.Pow(2.0 / 3, _levels.Count - 1 - h)));
            c[^1] += c[h];
        }
        return _capacities = c;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Compress()
    {
        for (var h = 0; h < _levels.Count; h++)
        {
            var level = _levels[h];
            if (level.Count < LevelCapacity(h)) continue;
            if (h + 1 == _levels.Count) { _levels.Add([]); _capacities = null; }
            var span = CollectionsMarshal.AsSpan(level);
            span.Sort();
            // An odd item out stays at this level, so weights are conserved exactly.
            var pairs = span.Length / 2;
            var offset = (int)(NextCoin() & 1);
            var up = _levels[h + 1];
            for (var i = 0; i < pairs; i++) up.Add(span[2 * i + offset]);
            var leftover = span.Length % 2 == 1 ? span[^1] : (double?)null;
            level.Clear();
            if (leftover is { } l) level.Add(l);
            _size -= pairs;
            return;
        }
    }

    private ulong NextCoin()
    {
        _coin ^= _coin << 13;
        _coin ^= _coin >> 7;
        _coin ^= _coin << 17;
        return _coin >> 11;
    }
}
