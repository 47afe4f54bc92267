using System.Collections.Concurrent;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// The batches of one pass that are alive somewhere in the graph. A faulted or cancelled Dataflow
/// block drops its queued items without disposing them; after such a pass every block has stopped,
/// and what is left here is disposed.
/// </summary>
internal sealed class BatchTracker
{
    private readonly ConcurrentDictionary<DataBatch, byte> _live = new(ReferenceEqualityComparer.Instance);

    public int Count => _live.Count;

    public void Register(DataBatch batch) => _live.TryAdd(batch, 0);

    public void Unregister(DataBatch batch) => _live.TryRemove(batch, out _);

    public void DisposeAll()
    {
        foreach (var batch in _live.Keys) batch.Dispose();
    }
}
