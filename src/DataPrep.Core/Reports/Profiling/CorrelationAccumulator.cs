using System.Buffers;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// Pearson correlations of every pair of numeric columns, over the rows where both values are
/// present and finite. Each batch is summed per pair around the batch's own means (so the sums stay
/// small) and merged with Chan's parallel update, so accumulators from concurrent workers merge
/// like the other sketches. Cost: a few multiply-adds per row per pair, so at most
/// <see cref="MaxColumns"/> columns (the first ones in schema order) take part.
/// </summary>
internal sealed class CorrelationAccumulator
{
    /// <summary>Columns compared at most: 24 columns are 276 pairs.</summary>
    public const int MaxColumns = 24;

    private readonly int[] _columns;
    private readonly string[] _names;
    private readonly Pair[] _pairs;

    private struct Pair
    {
        public double N, MeanX, MeanY, M2X, M2Y, Cxy;

        public void Merge(double n, double meanX, double meanY, double m2x, double m2y, double cxy)
        {
            if (n == 0) return;
            if (N == 0) { (N, MeanX, MeanY, M2X, M2Y, Cxy) = (n, meanX, meanY, m2x, m2y, cxy); return; }
            var total = N + n;
            var dx = meanX - MeanX;
            var dy = meanY - MeanY;
            var weight = N * n / total;
            M2X += m2x + dx * dx * weight;
            M2Y += m2y + dy * dy * weight;
            Cxy += cxy + dx * dy * weight;
            MeanX += dx * n / total;
            MeanY += dy * n / total;
            N = total;
        }
    }

    public CorrelationAccumulator(Schema schema, IReadOnlySet<string> sensitive)
    {
        _columns = Enumerable.Range(0, schema.FieldsList.Count)
            .Where(i => !sensitive.Contains(schema.GetFieldByIndex(i).Name)
                && ColumnKinds.Of(schema.GetFieldByIndex(i).DataType) is ColumnKind.Integer or ColumnKind.Float or ColumnKind.Decimal)
            .Take(MaxColumns).ToArray();
        _names = _columns.Select(i => schema.GetFieldByIndex(i).Name).ToArray();
        _pairs = new Pair[_columns.Length * (_columns.Length - 1) / 2];
    }

    public void Accumulate(RecordBatch batch)
    {
        var k = _columns.Length;
        var n = batch.Length;
        if (k < 2 || n == 0) return;
        var values = ArrayPool<double>.Shared.Rent(k * n);
        var valid = ArrayPool<bool>.Shared.Rent(k * n);
        try
        {
            for (var c = 0; c < k; c++)
            {
                var array = batch.Column(_columns[c]);
                var v = values.AsSpan(c * n, n);
                NumberReader.Read(array, v);
                for (var r = 0; r < n; r++) valid[c * n + r] = !array.IsNull(r) && double.IsFinite(v[r]);
            }
            var p = 0;
            for (var a = 0; a < k; a++)
            {
                for (var b = a + 1; b < k; b++, p++) Add(ref _pairs[p], values.AsSpan(a * n, n), values.AsSpan(b * n, n), valid.AsSpan(a * n, n), valid.AsSpan(b * n, n));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<bool>.Shared.Return(valid);
        }
    }

    /// <summary>
    /// One batch of one pair: its means first (summed relative to the batch's first pair of values,
    /// so that a large offset such as 10^12 does not eat the digits), then its centred sums, merged
    /// into the running pair.
    /// </summary>
    private static void Add(ref Pair pair, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<bool> vx, ReadOnlySpan<bool> vy)
    {
        double n = 0, sx = 0, sy = 0, x0 = 0, y0 = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (!vx[r] || !vy[r]) continue;
            if (n == 0) (x0, y0) = (x[r], y[r]);
            n++;
            sx += x[r] - x0;
            sy += y[r] - y0;
        }
        if (n == 0) return;
        double mx = x0 + sx / n, my = y0 + sy / n, m2x = 0, m2y = 0, cxy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (!vx[r] || !vy[r]) continue;
            var dx = x[r] - mx;
            var dy = y[r] - my;
            m2x += dx * dx;
            m2y += dy * dy;
            cxy += dx * dy;
        }
        pair.Merge(n, mx, my, m2x, m2y, cxy);
    }

    public void Merge(CorrelationAccumulator other)
    {
        for (var p = 0; p < _pairs.Length; p++)
        {
            var o = other._pairs[p];
            _pairs[p].Merge(o.N, o.MeanX, o.MeanY, o.M2X, o.M2Y, o.Cxy);
        }
    }

    public IReadOnlyList<Correlation> Finish()
    {
        var result = new List<Correlation>();
        var p = 0;
        for (var a = 0; a < _names.Length; a++)
        {
            for (var b = a + 1; b < _names.Length; b++, p++)
            {
                var pair = _pairs[p];
                // A constant column (or fewer than two rows) has no correlation: null, not NaN.
                double? r = pair.N >= 2 && pair.M2X > 0 && pair.M2Y > 0 ? Math.Clamp(pair.Cxy / Math.Sqrt(pair.M2X * pair.M2Y), -1, 1) : null;
                result.Add(new Correlation { A = _names[a], B = _names[b], Pearson = r, Rows = (long)pair.N });
            }
        }
        return result;
    }
}
