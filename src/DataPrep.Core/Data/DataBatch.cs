using Apache.Arrow;
using DataPrep.Steps;

namespace DataPrep.Data;

/// <summary>
/// The unit that flows between blocks: an Arrow batch, the source identity of each of its rows,
/// its place in source order, and the records of rows that left the stream upstream of here
/// (carried along so they reach the quarantine and drop writers in order).
/// </summary>
internal sealed class DataBatch : IDisposable
{
    private readonly Execution.BatchTracker? _tracker;

    public DataBatch(RecordBatch data, RowId[] rowIds, long sequence, List<RowRecord>? records = null, Execution.BatchTracker? tracker = null)
    {
        Data = data;
        RowIds = rowIds;
        Sequence = sequence;
        Records = records ?? [];
        _tracker = tracker;
        tracker?.Register(this);
    }

    public RecordBatch Data { get; private set; }

    public RowId[] RowIds { get; private set; }

    /// <summary>Position in source order; the sink writes in this order.</summary>
    public long Sequence { get; }

    public List<RowRecord> Records { get; }

    /// <summary>Rows a step marked for removal that are still in <see cref="Data"/>; removed by the next compact.</summary>
    public bool[]? PendingRemoval { get; set; }

    /// <summary>A sequential step's per-batch work, computed in its parallel prepare block.</summary>
    public object? Prepared { get; set; }

    /// <summary>Bytes of live Arrow buffers, for counters.</summary>
    public long ByteSize => Data.Arrays.Sum(a => a.Data.Buffers.Sum(b => (long)b.Length));

    /// <summary>Swaps in a step's output; disposes the previous data unless the step returned it.</summary>
    public void Replace(RecordBatch data, RowId[] rowIds)
    {
        if (!ReferenceEquals(data, Data)) Data.Dispose();
        Data = data;
        RowIds = rowIds;
    }

    public void Dispose()
    {
        _tracker?.Unregister(this);
        Data.Dispose();
    }
}
