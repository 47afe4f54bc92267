using System.Globalization;
using System.Numerics;

namespace DataPrep.Steps.Encode;

/// <summary>A column's fitted categories in code order, with a span lookup so applying allocates nothing.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _codes;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public Vocabulary(IReadOnlyList<string> categories)
    {
        Categories = categories;
        _codes = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IReadOnlyList<string> Categories { get; }

    public int Count => Categories.Count;

    /// <returns>The category's code, or -1 when it is not in the vocabulary.</returns>
    public int CodeOf(ReadOnlySpan<char> category) => _lookup.TryGetValue(category, out var code) ? code : -1;

    /// <summary>
    /// The vocabulary from fitted counts: categories seen at least <paramref name="minFrequency"/> times,
    /// the <paramref name="maxCategories"/> most frequent (ties to the smaller value), then sorted by value
    /// (numerically for numeric columns), as scikit-learn orders its categories.
    /// </summary>
    public static Vocabulary Fit(IReadOnlyDictionary<string, long> counts, long minFrequency, int maxCategories, bool numeric)
    {
        IComparer<string> order = numeric ? Comparer<string>.Create((a, b) => Parse(a).CompareTo(Parse(b))) : StringComparer.Ordinal;
        var kept = counts.Where(c => c.Value >= minFrequency)
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, order)
            .Take(maxCategories)
            .Select(c => c.Key)
            .Order(order)
            .ToList();
        return new Vocabulary(kept);
    }

    private static BigInteger Parse(string s) => BigInteger.Parse(s, CultureInfo.InvariantCulture);
}
