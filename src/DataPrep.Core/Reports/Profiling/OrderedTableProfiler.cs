using Apache.Arrow;

namespace DataPrep.Reports.Profiling;

/// <summary>
/// Lets parallel blocks profile batches without a lock on the hot path and still give the same
/// profile at any parallelism: each call profiles its batch into a fresh partial (its quantile
/// sketch's coin seeded by the batch's sequence), and the partials are merged in source order
/// (<see cref="InOrderMerger{T}"/>). The result depends on the batches (their contents and
/// boundaries), never on which thread profiled which batch or when.
/// </summary>
internal sealed class OrderedTableProfiler
{
    private readonly Schema _schema;
    private readonly IReadOnlySet<string> _sensitive;
    private readonly bool _correlations;
    private readonly TableProfiler _merged;
    private readonly InOrderMerger<TableProfiler> _merger;

    public OrderedTableProfiler(Schema schema, IReadOnlySet<string> sensitive, bool correlations = false)
    {
        (_schema, _sensitive, _correlations) = (schema, sensitive, correlations);
        _merged = new TableProfiler(schema, sensitive, correlations);
        _merger = new InOrderMerger<TableProfiler>(_merged.Merge);
    }

    /// <summary>Profiles batch <paramref name="sequence"/> (0, 1, 2, … in source order; each once); called concurrently.</summary>
    public void Accumulate(RecordBatch batch, long sequence)
    {
        TableProfiler? partial = null;
        if (batch.Length > 0)
        {
            partial = new TableProfiler(_schema, _sensitive, _correlations, sequence);
            partial.SkipTopValuesGivenUpIn(_merged);
            partial.Accumulate(batch);
        }
        _merger.Add(sequence, partial);
    }

    public TableProfile Finish()
    {
        _merger.Flush();
        return _merged.Finish();
    }
}
