using System.Numerics;

namespace DataPrep.Images.Steps.DedupeImages;

/// <summary>
/// A BK-tree over 64-bit hashes with Hamming distance: a query at radius r visits only children
/// whose edge distance lies in [d - r, d + r] (triangle inequality), not every stored hash.
/// </summary>
internal sealed class BkTree
{
    private readonly List<(ulong Hash, int Item, Dictionary<int, int>? Children)> _nodes = [];

    public int Count => _nodes.Count;

    public void Add(ulong hash, int item)
    {
        if (_nodes.Count == 0) { _nodes.Add((hash, item, null)); return; }
        var at = 0;
        while (true)
        {
            var node = _nodes[at];
            var d = Distance(hash, node.Hash);
            if (node.Children is null)
            {
                node.Children = [];
                _nodes[at] = node;
            }
            if (node.Children.TryGetValue(d, out var next)) { at = next; continue; }
            node.Children[d] = _nodes.Count;
            _nodes.Add((hash, item, null));
            return;
        }
    }

    /// <summary>Items whose hash is within <paramref name="radius"/> of <paramref name="hash"/>, with their distance.</summary>
    public void Query(ulong hash, int radius, List<(int Item, int Distance)> found)
    {
        if (_nodes.Count == 0) return;
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            var node = _nodes[stack.Pop()];
            var d = Distance(hash, node.Hash);
            if (d <= radius) found.Add((node.Item, d));
            if (node.Children is null) continue;
            foreach (var (edge, child) in node.Children)
                if (edge >= d - radius && edge <= d + radius) stack.Push(child);
        }
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);
}
