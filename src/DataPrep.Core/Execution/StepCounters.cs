using System.Collections.Concurrent;

namespace DataPrep.Execution;

/// <summary>Live counters of one step, updated from several threads.</summary>
public sealed class StepCounters(string stepId)
{
    private long _in, _out, _quarantined, _dropped, _synthesized, _bytes, _ticks;
    private ConcurrentDictionary<string, long>? _named;

    /// <summary>The step's span and counters in the pass these counters belong to, when the run is observed.</summary>
    internal StepTrace? Trace;

    public string StepId { get; } = stepId;

    public long RowsIn => Interlocked.Read(ref _in);

    public long RowsOut => Interlocked.Read(ref _out);

    public long Quarantined => Interlocked.Read(ref _quarantined);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Rows the step made (oversampling, SMOTE): they enter the stream here, next to the row each was made from.</summary>
    public long Synthesized => Interlocked.Read(ref _synthesized);

    /// <summary>Bytes of Arrow buffers the step emitted.</summary>
    public long BytesOut => Interlocked.Read(ref _bytes);

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>in + synthesized = out + quarantined + dropped, the invariant checked before commit.</summary>
    public bool Balanced => RowsIn + Synthesized == RowsOut + Quarantined + Dropped;

    /// <summary>Counters the step reported by name (<c>BatchContext.Count</c>), sorted by name; empty when none.</summary>
    public IReadOnlyDictionary<string, long> Named =>
        _named is null ? new SortedDictionary<string, long>(StringComparer.Ordinal) : new SortedDictionary<string, long>(_named, StringComparer.Ordinal);

    internal void AddNamed(IReadOnlyDictionary<string, long> counts)
    {
        var named = LazyInitializer.EnsureInitialized(ref _named, () => new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        foreach (var (name, delta) in counts) named.AddOrUpdate(name, delta, (_, v) => v + delta);
    }

    internal void Add(long rowsIn, long rowsOut, long quarantined, long dropped, long bytes, long ticks, long synthesized = 0)
    {
        Interlocked.Add(ref _synthesized, synthesized);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Add(ref _in, rowsIn);
        Interlocked.Add(ref _out, rowsOut);
        Interlocked.Add(ref _quarantined, quarantined);
        Interlocked.Add(ref _dropped, dropped);
        Interlocked.Add(ref _ticks, ticks);
        Trace?.Batch(rowsIn, rowsOut, quarantined, dropped, bytes, ticks);
    }
}
