namespace DataPrep.Reports;

/// <summary>
/// Compares a report with the previous version's (sink profiles, else source): per column the
/// population stability index and Jensen-Shannon divergence, new and vanished categories, the
/// change of the null rate; and the change of the row count. Numeric columns are binned by the
/// previous version's deciles and both sides read through their stored percentiles; categorical
/// columns compare their top values plus an "everything else" bucket.
/// </summary>
public static class DriftCalculator
{
    private const double Floor = 1e-4;

    public static DriftReport Compare(QualityReport current, QualityReport previous, int previousVersion)
    {
        var now = current.Sink ?? current.Source;
        var before = previous.Sink ?? previous.Source;
        var columns = new List<ColumnDrift>();
        if (now is not null && before is not null)
        {
            var old = before.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var c in now.Columns)
            {
                if (old.TryGetValue(c.Name, out var p)) columns.Add(Column(c, p));
            }
        }
        var change = previous.Metrics.RowCount == 0 ? 0 : (double)(current.Metrics.RowCount - previous.Metrics.RowCount) / previous.Metrics.RowCount;
        var nowNames = now?.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var oldNames = before?.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        return new DriftReport
        {
            PreviousVersion = previousVersion,
            PreviousRowCount = previous.Metrics.RowCount,
            RowCountChange = Math.Round(change, 6),
            MaxPsi = columns.Count == 0 ? 0 : columns.Max(c => c.Psi),
            Columns = columns,
            VanishedColumns = oldNames.Where(n => !nowNames.Contains(n)).Order(StringComparer.Ordinal).ToList(),
            NewColumns = nowNames.Where(n => !oldNames.Contains(n)).Order(StringComparer.Ordinal).ToList(),
        };
    }

    public static ColumnDrift Column(ColumnProfile now, ColumnProfile before)
    {
        double[]? p = null, q = null;
        IReadOnlyList<string> added = [], vanished = [];
        if (now.Numeric is { Percentiles.Count: 101 } a && before.Numeric is { Percentiles.Count: 101 } b)
        {
            var edges = Enumerable.Range(1, 9).Select(i => b.Percentiles[i * 10]).Distinct().ToArray();
            p = Bins(b.Percentiles, edges);
            q = Bins(a.Percentiles, edges);
        }
        else if (!now.Sensitive && !before.Sensitive && now.TopValues is { } nt && before.TopValues is { } bt)
        {
            var labels = nt.Select(v => v.Value).Union(bt.Select(v => v.Value)).ToList();
            p = Categories(before, bt, labels);
            q = Categories(now, nt, labels);
            var nowSet = nt.Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
            var oldSet = bt.Select(v => v.Value).ToHashSet(StringComparer.Ordinal);
            // Only a complete list can say a value is new or gone; a top-10 list can only say it moved.
            if (before.TopValuesExact && bt.Count < 10) added = nt.Select(v => v.Value).Where(v => !oldSet.Contains(v)).ToList();
            if (now.TopValuesExact && nt.Count < 10) vanished = bt.Select(v => v.Value).Where(v => !nowSet.Contains(v)).ToList();
        }
        return new ColumnDrift
        {
            Name = now.Name,
            Psi = p is null ? 0 : Math.Round(Psi(p, q!), 6),
            JensenShannon = p is null ? 0 : Math.Round(JensenShannon(p, q!), 6),
            NullRateChange = Math.Round(now.NullRate - before.NullRate, 6),
            NewCategories = added,
            VanishedCategories = vanished,
        };
    }

    /// <summary>Population stability index: Σ (q − p) ln(q / p), with empty bins floored.</summary>
    public static double Psi(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        double sum = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var a = Math.Max(p[i], Floor);
            var b = Math.Max(q[i], Floor);
            sum += (b - a) * Math.Log(b / a);
        }
        return sum;
    }

    /// <summary>Jensen-Shannon divergence in bits (0 identical, 1 disjoint).</summary>
    public static double JensenShannon(IReadOnlyList<double> p, IReadOnlyList<double> q)
    {
        double sum = 0;
        for (var i = 0; i < p.Count; i++)
        {
            var m = (p[i] + q[i]) / 2;
            if (p[i] > 0) sum += 0.5 * p[i] * Math.Log2(p[i] / m);
            if (q[i] > 0) sum += 0.5 * q[i] * Math.Log2(q[i] / m);
        }
        return Math.Max(0, sum);
    }

    /// <summary>Mass of a distribution (given by its percentiles) in the bins (−∞, e1), [e1, e2), ..., [ek, ∞).</summary>
    private static double[] Bins(IReadOnlyList<double> percentiles, double[] edges)
    {
        var result = new double[edges.Length + 1];
        var previous = 0.0;
        for (var i = 0; i < edges.Length; i++)
        {
            var f = Cdf(percentiles, edges[i]);
            result[i] = f - previous;
            previous = f;
        }
        result[^1] = 1 - previous;
        return result;
    }

    /// <summary>Fraction of values below <paramref name="x"/>, interpolated between stored percentiles.</summary>
    public static double Cdf(IReadOnlyList<double> percentiles, double x)
    {
        var n = percentiles.Count - 1;
        if (x <= percentiles[0]) return 0;
        if (x > percentiles[n]) return 1;
        // The first percentile at or above x; mass below x lies under it.
        var i = 1;
        while (i < n && percentiles[i] < x) i++;
        var lo = percentiles[i - 1];
        var hi = percentiles[i];
        var frac = hi > lo ? (x - lo) / (hi - lo) : 1;
        return (i - 1 + frac) / n;
    }

    private static double[] Categories(ColumnProfile column, IReadOnlyList<ValueCount> top, List<string> labels)
    {
        var valued = Math.Max(1, column.Count - column.Nulls);
        var counts = top.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);
        var result = new double[labels.Count + 1];
        long listed = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var c = counts.GetValueOrDefault(labels[i]);
            result[i] = (double)c / valued;
            listed += c;
        }
        result[^1] = Math.Max(0, (double)(valued - listed) / valued);
        return result;
    }
}
