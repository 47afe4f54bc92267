namespace DataPrep.Steps.Split;

/// <summary>
/// Joins rows into the units a split keeps together: rows that share a value in any group column,
/// transitively (union-find over the group values). A row without group values is a unit alone.
/// A unit's position is that of its smallest group value (by column, then hash), so it does not
/// depend on the order rows came in; its class is its most frequent label (ties: smallest hash).
/// </summary>
internal static class SplitUnits
{
    public readonly record struct Unit(ulong Position, UInt128 Class, int Rows);

    public static (List<Unit> Units, Dictionary<(int, UInt128), (ulong, UInt128)> ByNode) Build(SplitStatistics s, long seed)
    {
        var units = new List<Unit>();
        var byNode = new Dictionary<(int, UInt128), (ulong, UInt128)>();
        if (s.Nodes.Count == 0)
        {
            for (var row = 0; row < s.Positions.Count; row++) units.Add(new Unit(s.Positions[row], s.Classes[row], 1));
            return (units, byNode);
        }

        var index = new Dictionary<(int, UInt128), int>();
        var nodes = new List<(int Column, UInt128 Value)>();
        var parent = new List<int>();
        int Find(int x)
        {
            while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
            return x;
        }
        int Node((int, UInt128) key)
        {
            if (index.TryGetValue(key, out var i)) return i;
            index[key] = nodes.Count;
            nodes.Add(key);
            parent.Add(parent.Count);
            return nodes.Count - 1;
        }

        var rowNode = new int[s.Positions.Count];
        var offset = 0;
        for (var row = 0; row < rowNode.Length; row++)
        {
            rowNode[row] = -1;
            for (var k = 0; k < s.NodeCounts[row]; k++)
            {
                var n = Node(s.Nodes[offset + k]);
                if (rowNode[row] < 0) rowNode[row] = n;
                else
                {
                    var (a, b) = (Find(rowNode[row]), Find(n));
                    // The smaller node (column, then hash) becomes the root, so the root is the component's minimum.
                    if (a != b) { if (Less(nodes[b], nodes[a])) parent[a] = b; else parent[b] = a; }
                }
            }
            offset += s.NodeCounts[row];
        }

        var labelCounts = new Dictionary<int, Dictionary<UInt128, int>>();
        for (var row = 0; row < rowNode.Length; row++)
        {
            if (rowNode[row] < 0)
            {
                units.Add(new Unit(s.Positions[row], s.Classes[row], 1));
                continue;
            }
            var root = Find(rowNode[row]);
            if (!labelCounts.TryGetValue(root, out var counts)) labelCounts[root] = counts = [];
            counts[s.Classes[row]] = counts.GetValueOrDefault(s.Classes[row]) + 1;
        }
        var info = new Dictionary<int, (ulong Position, UInt128 Class)>();
        foreach (var (root, counts) in labelCounts)
        {
            var cls = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
            var (column, value) = nodes[root];
            var position = SplitAssigner.Position(value, seed + column);
            info[root] = (position, cls);
            units.Add(new Unit(position, cls, counts.Values.Sum()));
        }
        for (var n = 0; n < nodes.Count; n++) byNode[nodes[n]] = info[Find(n)];
        return (units, byNode);
    }

    private static bool Less((int Column, UInt128 Value) a, (int Column, UInt128 Value) b) =>
        a.Column != b.Column ? a.Column < b.Column : a.Value < b.Value;
}
