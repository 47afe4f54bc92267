using System.Buffers;
using Apache.Arrow;
using DataPrep.Reports.Sketches;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// Profiles a stream of batches with one schema: a <see cref="ColumnProfiler"/> per column and a
/// distinct count of whole rows. Fed concurrently as per-batch partials that
/// <see cref="OrderedTableProfiler"/> merges in source order.
/// </summary>
internal sealed class TableProfiler
{
    private readonly ColumnProfiler[] _columns;
    private readonly HyperLogLog _rowsDistinct = new();
    private readonly CorrelationAccumulator? _correlations;

    /// <param name="sequence">The batch a per-batch partial profiles: seeds its quantile sketches' coins, so that partials do not all flip the same coins.</param>
    public TableProfiler(Schema schema, IReadOnlySet<string> sensitive, bool correlations = false, long sequence = -1)
    {
        Schema = schema;
        _columns = schema.FieldsList.Select((f, c) => new ColumnProfiler(f, sensitive.Contains(f.Name), KllSketch.SeedOf(sequence, c))).ToArray();
        _correlations = correlations ? new CorrelationAccumulator(schema, sensitive) : null;
    }

    public Schema Schema { get; }

    public long Rows { get; private set; }

    public void Accumulate(RecordBatch batch)
    {
        var n = batch.Length;
        if (n == 0) return;
        Rows += n;
        var hashes = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            var span = hashes.AsSpan(0, n);
            span.Clear();
            for (var c = 0; c < _columns.Length; c++) _columns[c].Accumulate(batch.Column(c), span);
            foreach (var h in span) _rowsDistinct.Add(h);
            _correlations?.Accumulate(batch);
        }
        finally { ArrayPool<ulong>.Shared.Return(hashes); }
    }

    /// <summary>
    /// Skips top values in the columns where <paramref name="merged"/> has given them up: merged into
    /// it, this partial's would be dropped anyway (giving up is for good), so the result is the same
    /// and the partial is cheaper. <paramref name="merged"/> may be merging on another thread.
    /// </summary>
    public void SkipTopValuesGivenUpIn(TableProfiler merged)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            if (merged._columns[c].HighCardinality) _columns[c].GiveUpTopValues();
        }
    }

    public void Merge(TableProfiler other)
    {
        Rows += other.Rows;
        _rowsDistinct.Merge(other._rowsDistinct);
        for (var c = 0; c < _columns.Length; c++) _columns[c].Merge(other._columns[c]);
        if (other._correlations is not null) _correlations?.Merge(other._correlations);
    }

    public TableProfile Finish() => new()
    {
        Rows = Rows,
        DistinctRowsEstimate = Math.Min(_rowsDistinct.Estimate(), Rows),
        DistinctError = HyperLogLog.StatedError,
        QuantileRankError = KllSketch.StatedRankError,
        Columns = _columns.Select(c => c.Finish()).ToList(),
        Correlations = _correlations?.Finish(),
    };
}
