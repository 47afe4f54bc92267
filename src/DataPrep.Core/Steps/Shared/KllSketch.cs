namespace DataPrep.Steps.Shared;

/// <summary>
/// A KLL quantile sketch (Karnin, Lang and Liberty, "Optimal Quantile Approximation in Streams",
/// 2016), written here because no maintained .NET package offers one with a rank-error guarantee
/// (T-Digest ports exist but t-digest bounds no rank error). Level h holds items of weight 2^h;
/// a full level is sorted and every other item (odd or even positions, by a coin) moves up one
/// level. Level capacities shrink by 2/3 going down from the top, so the sketch holds about 3k
/// items whatever the input size. Merging appends level to level and compacts again.
/// With k = 200 the normalised rank error is at most <see cref="RankError"/> with probability at
/// least 99% (the bound Apache DataSketches states for KLL at k = 200); tests check it on data.
/// The coin is a counter-based generator, so the same inputs in the same batches give the same
/// sketch; other batch sizes give another sketch within the same bound.
/// </summary>
internal sealed class KllSketch : IQuantileStore
{
    /// <summary>The accuracy parameter: larger is more accurate and larger.</summary>
    public const int K = 200;

    /// <summary>The stated normalised rank error at <see cref="K"/> (99% confidence).</summary>
    public const double RankError = 0.0165;

    private readonly List<List<double>> _levels = [[]];
    private int _size;
    private int _maxSize;
    private ulong _coin = 0x9E3779B97F4A7C15UL;

    public KllSketch() => _maxSize = Capacity(0);

    public long Count { get; private set; }

    /// <summary>Items held (for tests of the space bound).</summary>
    public int Retained => _size;

    public void Add(double x)
    {
        _levels[0].Add(x);
        _size++;
        Count++;
        if (_size >= _maxSize) Compress();
    }

    public void Merge(IQuantileStore other)
    {
        var o = (KllSketch)other;
        while (_levels.Count < o._levels.Count) Grow();
        for (var h = 0; h < o._levels.Count; h++) _levels[h].AddRange(o._levels[h]);
        Count += o.Count;
        _coin ^= o._coin * 0xBF58476D1CE4E5B9UL;
        _size = _levels.Sum(l => l.Count);
        while (_size >= _maxSize) Compress();
    }

    public double Quantile(double p)
    {
        if (Count == 0) return double.NaN;
        if (_levels.Count == 1)
        {
            // Nothing compacted yet: the level holds every value, so answer exactly.
            var all = _levels[0].ToArray();
            Array.Sort(all);
            return ExactQuantiles.Interpolate(all, p);
        }
        return WeightedRank(Items(x => x), p);
    }

    public double MedianAbsoluteDeviation(double center)
    {
        if (Count == 0) return double.NaN;
        if (_levels.Count == 1)
        {
            var all = _levels[0].Select(x => Math.Abs(x - center)).ToArray();
            Array.Sort(all);
            return ExactQuantiles.Interpolate(all, 0.5);
        }
        return WeightedRank(Items(x => Math.Abs(x - center)), 0.5);
    }

    private List<(double Value, long Weight)> Items(Func<double, double> map)
    {
        var items = new List<(double, long)>(_size);
        for (var h = 0; h < _levels.Count; h++)
            foreach (var x in _levels[h]) items.Add((map(x), 1L << h));
        items.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return items;
    }

    private static double WeightedRank(List<(double Value, long Weight)> items, double p)
    {
        long total = 0;
        foreach (var item in items) total += item.Weight;
        var target = p * total;
        long seen = 0;
        foreach (var (value, weight) in items)
        {
            seen += weight;
            if (seen >= target) return value;
        }
        return items[^1].Value;
    }

    private int Capacity(int level)
    {
        var depth = _levels.Count - level - 1;
        return Math.Max(2, (int)Math.Ceiling(K * Math.Pow(2.0 / 3.0, depth)) + 1);
    }

    private void Grow()
    {
        _levels.Add([]);
        _maxSize = 0;
        for (var h = 0; h < _levels.Count; h++) _maxSize += Capacity(h);
    }

    private void Compress()
    {
        for (var h = 0; h < _levels.Count; h++)
        {
            if (_levels[h].Count < Capacity(h)) continue;
            if (h + 1 == _levels.Count) Grow();
            Compact(_levels[h], _levels[h + 1]);
            _size = _levels.Sum(l => l.Count);
            if (_size < _maxSize) break;
        }
    }

    private void Compact(List<double> level, List<double> up)
    {
        level.Sort();
        // An odd item out stays behind, so the weight moved up is exactly twice the items moved.
        var keep = level.Count % 2 == 1 ? level[^1] : double.NaN;
        var pairs = level.Count / 2;
        var offset = (int)(NextCoin() & 1);
        for (var i = 0; i < pairs; i++) up.Add(level[2 * i + offset]);
        var odd = level.Count % 2 == 1;
        level.Clear();
        if (odd) level.Add(keep);
    }

    private ulong NextCoin()
    {
        // splitmix64: a counter-based stream, never System.Random.
        var z = _coin += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
