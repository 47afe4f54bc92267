using DataPrep.Data;

namespace DataPrep.Steps.Split;

/// <summary>
/// What a stratified or multi-group split learns in its pass, per row: its position, its class and
/// its group values. Merged in source order; the fit sorts, so the order does not matter.
/// </summary>
internal sealed class SplitStatistics : IStatistics
{
    public long Seed { get; set; }

    public List<ulong> Positions { get; } = [];

    public List<UInt128> Classes { get; } = [];

    /// <summary>Group values of each row (column index, value hash); rows own <see cref="NodeCounts"/>[row] of them, in order.</summary>
    public List<(int Column, UInt128 Value)> Nodes { get; } = [];

    public List<byte> NodeCounts { get; } = [];

    /// <summary>A printable label for each class hash.</summary>
    public Dictionary<UInt128, string> Labels { get; } = [];

    public void Merge(IStatistics other)
    {
        var o = (SplitStatistics)other;
        Seed = o.Seed;
        Positions.AddRange(o.Positions);
        Classes.AddRange(o.Classes);
        Nodes.AddRange(o.Nodes);
        NodeCounts.AddRange(o.NodeCounts);
        foreach (var (hash, label) in o.Labels) Labels.TryAdd(hash, label);
    }

    /// <summary>Bytes held, for <c>explain</c> and the memory report.</summary>
    public long Bytes => Positions.Count * 25L + Nodes.Count * 20L;
}
