namespace DataPrep.Reports.Profiling;

/// <summary>
/// Merges per-batch partials in source order (by batch sequence), whatever order the parallel
/// callers finish in: a partial waits in a small buffer until every earlier one has been merged.
/// Sketches whose merge depends on order (quantiles, top values, floating-point sums) then see the
/// same sequence of merges at any parallelism, so a report is the same byte for byte. Only the
/// merge is serial (under a lock); the per-batch profiling stays parallel. The buffer holds the
/// partials of batches that overtook an earlier one, at most about the taps' bounded capacity.
/// </summary>
internal sealed class InOrderMerger<T>(Action<T> merge) where T : class
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, T?> _waiting = [];
    private long _next;

    /// <summary>Hands in the partial of batch <paramref name="sequence"/> (null for a batch with nothing to add); every sequence once.</summary>
    public void Add(long sequence, T? partial)
    {
        lock (_gate)
        {
            if (sequence != _next)
            {
                if (sequence < _next || !_waiting.TryAdd(sequence, partial))
                    throw new InvalidOperationException($"batch {sequence} was handed in twice");
                return;
            }
            if (partial is not null) merge(partial);
            _next++;
            while (_waiting.Remove(_next, out var waiting))
            {
                if (waiting is not null) merge(waiting);
                _next++;
            }
        }
    }

    /// <summary>Merges what still waits (batches after a gap in the sequence), in order; call once every batch has been handed in.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var (sequence, partial) in _waiting)
            {
                if (partial is not null) merge(partial);
                _next = sequence + 1;
            }
            _waiting.Clear();
        }
    }
}
