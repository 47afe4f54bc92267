using DataPrep.Data;

namespace DataPrep.Steps.Rebalance;

/// <summary>A row's selection key: its first random draw, ties broken by its identity.</summary>
internal readonly record struct RowKey(ulong Key, RowId Id) : IComparable<RowKey>
{
    public static readonly RowKey Max = new(ulong.MaxValue, new RowId(int.MaxValue, long.MaxValue, -1));

    public int CompareTo(RowKey other)
    {
        var c = Key.CompareTo(other.Key);
        if (c == 0) c = Id.Source.CompareTo(other.Id.Source);
        if (c == 0) c = Id.Row.CompareTo(other.Id.Row);
        if (c == 0) c = ((uint)Id.Copy).CompareTo((uint)other.Id.Copy);
        return c;
    }
}

/// <summary>What the fit pass learns about one class.</summary>
internal sealed class ClassStatistics(string label)
{
    public string Label { get; } = label;

    public long Count { get; set; }

    /// <summary>Selection keys of every row (undersampling and oversampling pick by rank among these).</summary>
    public List<RowKey> Keys { get; } = [];

    /// <summary>
    /// For SMOTE: rows whose features are all present, their features (d per row) and categorical
    /// values (c per row). For jitter: every row, NaN for a missing value (the scale is computed
    /// from the values in source order at the fit, so it does not depend on how batches were cut).
    /// </summary>
    public List<RowId> FeatureRows { get; } = [];

    public List<double> Features { get; } = [];

    public List<object?> Categorical { get; } = [];

    public void Merge(ClassStatistics o)
    {
        Count += o.Count;
        Keys.AddRange(o.Keys);
        FeatureRows.AddRange(o.FeatureRows);
        Features.AddRange(o.Features);
        Categorical.AddRange(o.Categorical);
    }

    public long Bytes => Keys.Count * 32L + FeatureRows.Count * 16L + Features.Count * 8L + Categorical.Count * 32L;
}

/// <summary>Class statistics by label hash; merged in source order.</summary>
internal sealed class RebalanceStatistics : IStatistics
{
    public Dictionary<UInt128, ClassStatistics> Classes { get; } = [];

    /// <summary>The run's seed, seen while accumulating (the fit recomputes selection keys from it).</summary>
    public long Seed { get; set; }

    public void Merge(IStatistics other)
    {
        Seed = ((RebalanceStatistics)other).Seed;
        foreach (var (hash, stats) in ((RebalanceStatistics)other).Classes)
        {
            if (Classes.TryGetValue(hash, out var mine)) mine.Merge(stats);
            else Classes[hash] = stats;
        }
    }
}
