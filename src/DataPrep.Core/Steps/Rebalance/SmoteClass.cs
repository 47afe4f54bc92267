using DataPrep.Data;

namespace DataPrep.Steps.Rebalance;

/// <summary>
/// One class prepared for SMOTE: its rows' features (raw), the k nearest neighbours of every row
/// within the class, and for SMOTE-NC the most frequent categorical values among them. Neighbours
/// are exact (every pair compared) over z-scored features; each categorical mismatch adds 1 to the
/// squared distance (the median standard deviation of z-scored features, as in Chawla et al.).
/// Ties go to the row that comes first in source order, so the result never depends on threads.
/// </summary>
internal sealed class SmoteClass
{
    private SmoteClass(Dictionary<RowId, int> index, double[] features, int d, int[] neighbours, int k, object?[] modes, int c)
    {
        Index = index;
        Features = features;
        D = d;
        Neighbours = neighbours;
        K = k;
        Modes = modes;
        C = c;
    }

    /// <summary>Row identity → row number in this class.</summary>
    public Dictionary<RowId, int> Index { get; }

    /// <summary>Raw features, <see cref="D"/> per row.</summary>
    public double[] Features { get; }

    public int D { get; }

    /// <summary>Nearest neighbours, <see cref="K"/> per row, nearest first.</summary>
    public int[] Neighbours { get; }

    /// <summary>Neighbours per row: the option's k, or fewer when the class is smaller (0 for a single row, which can only be repeated).</summary>
    public int K { get; }

    /// <summary>Most frequent categorical value among each row's neighbours, <see cref="C"/> per row.</summary>
    public object?[] Modes { get; }

    public int C { get; }

    public long Bytes => Features.Length * 8L + Neighbours.Length * 4L + Modes.Length * 8L + Index.Count * 40L;

    public static SmoteClass Build(ClassStatistics s, int d, int c, int k)
    {
        var m = s.FeatureRows.Count;
        // Source order, whatever order the accumulators were merged in.
        var order = Enumerable.Range(0, m).OrderBy(i => s.FeatureRows[i].Source).ThenBy(i => s.FeatureRows[i].Row).ThenBy(i => (uint)s.FeatureRows[i].Copy).ToArray();
        var index = new Dictionary<RowId, int>(m);
        var x = new double[m * d];
        var categorical = new object?[m * c];
        for (var i = 0; i < m; i++)
        {
            index[s.FeatureRows[order[i]]] = i;
            for (var f = 0; f < d; f++) x[i * d + f] = s.Features[order[i] * d + f];
            for (var f = 0; f < c; f++) categorical[i * c + f] = s.Categorical[order[i] * c + f];
        }
        var kEff = Math.Min(k, m - 1);
        var neighbours = Nearest(Standardize(x, m, d), categorical, m, d, c, kEff);
        // A lone row has no neighbours: its made rows are copies, categorical values included.
        var modes = kEff == 0 ? categorical : new object?[m * c];
        for (var i = 0; i < m && kEff > 0; i++)
        {
            for (var f = 0; f < c; f++) modes[i * c + f] = Mode(neighbours.AsSpan(i * kEff, kEff), categorical, c, f);
        }
        return new SmoteClass(index, x, d, neighbours, kEff, modes, c);
    }

    private static double[] Standardize(double[] x, int m, int d)
    {
        var z = new double[x.Length];
        for (var f = 0; f < d; f++)
        {
            double mean = 0, m2 = 0;
            for (var i = 0; i < m; i++)
            {
                var delta = x[i * d + f] - mean;
                mean += delta / (i + 1);
                m2 += delta * (x[i * d + f] - mean);
            }
            var std = Math.Sqrt(m2 / Math.Max(1, m));
            if (std == 0 || !double.IsFinite(std)) std = 1;
            for (var i = 0; i < m; i++) z[i * d + f] = (x[i * d + f] - mean) / std;
        }
        return z;
    }

    /// <summary>Exact k nearest neighbours of every row (not itself), by brute force in parallel; rows are independent, so the result is too.</summary>
    private static int[] Nearest(double[] z, object?[] categorical, int m, int d, int c, int k)
    {
        var result = new int[m * k];
        if (k == 0) return result;
        Parallel.For(0, m, i =>
        {
            var dist = new double[k];
            var idx = result.AsSpan(i * k, k);
            Array.Fill(dist, double.PositiveInfinity);
            idx.Fill(-1);
            var zi = z.AsSpan(i * d, d);
            for (var j = 0; j < m; j++)
            {
                if (j == i) continue;
                var zj = z.AsSpan(j * d, d);
                double sum = 0;
                for (var f = 0; f < d; f++) { var diff = zi[f] - zj[f]; sum += diff * diff; }
                for (var f = 0; f < c; f++) if (!Equals(categorical[i * c + f], categorical[j * c + f])) sum += 1;
                if (sum >= dist[k - 1]) continue; // strict: an equal distance keeps the earlier row
                var p = k - 1;
                while (p > 0 && dist[p - 1] > sum) { dist[p] = dist[p - 1]; idx[p] = idx[p - 1]; p--; }
                dist[p] = sum;
                idx[p] = j;
            }
        });
        return result;
    }

    /// <summary>The most frequent value among the neighbours; ties go to the value of the nearer neighbour.</summary>
    private static object? Mode(ReadOnlySpan<int> neighbours, object?[] categorical, int c, int f)
    {
        object? best = null;
        var bestCount = 0;
        for (var a = 0; a < neighbours.Length; a++)
        {
            var value = categorical[neighbours[a] * c + f];
            var count = 0;
            foreach (var n in neighbours) if (Equals(categorical[n * c + f], value)) count++;
            if (count > bestCount) (best, bestCount) = (value, count);
        }
        return best;
    }
}
