namespace DataPrep.Execution;

/// <summary>
/// Where every row went: read from the source (or quarantined there as unparseable), then per step
/// in + synthesized = out + quarantined + dropped, then written. Checked before commit.
/// </summary>
public sealed class RunLedger
{
    private long _sourceRows, _sourceBad, _filesRead, _filesUnreadable, _written;

    internal RunLedger(IEnumerable<string> stepIds) => Steps = stepIds.Select(id => new StepCounters(id)).ToArray();

    /// <summary>Rows that parsed at the source and entered the first step.</summary>
    public long SourceRows => Interlocked.Read(ref _sourceRows);

    /// <summary>Source records that could not be parsed; quarantined with reason <c>source.parse</c>.</summary>
    public long SourceQuarantined => Interlocked.Read(ref _sourceBad);

    public long FilesRead => Interlocked.Read(ref _filesRead);

    /// <summary>Input files that could not be read; each quarantined as one record with its reason.</summary>
    public long FilesUnreadable => Interlocked.Read(ref _filesUnreadable);

    public IReadOnlyList<StepCounters> Steps { get; }

    /// <summary>Records the source and sink counts as they happen, when the run is measured (final pass only).</summary>
    internal RunTrace? Trace { get; set; }

    public long RowsWritten => Interlocked.Read(ref _written);

    public long Quarantined => SourceQuarantined + Steps.Sum(s => s.Quarantined);

    public long Dropped => Steps.Sum(s => s.Dropped);

    internal void AddSource(long rows, long bad)
    {
        Interlocked.Add(ref _sourceRows, rows);
        Interlocked.Add(ref _sourceBad, bad);
        Trace?.Source(rows, bad);
    }

    internal void FileDone(bool readable) => Interlocked.Increment(ref readable ? ref _filesRead : ref _filesUnreadable);

    internal void AddWritten(long rows)
    {
        Interlocked.Add(ref _written, rows);
        Trace?.Written(rows);
    }

    /// <summary>Every way the books do not balance; empty when they do.</summary>
    public IReadOnlyList<string> Imbalances()
    {
        var problems = new List<string>();
        var previous = SourceRows;
        var previousName = "the source";
        foreach (var s in Steps)
        {
            if (s.RowsIn != previous) problems.Add($"step '{s.StepId}' received {s.RowsIn} rows but {previousName} emitted {previous}");
            if (!s.Balanced) problems.Add($"step '{s.StepId}': in {s.RowsIn} + synthesized {s.Synthesized} != out {s.RowsOut} + quarantined {s.Quarantined} + dropped {s.Dropped}");
            previous = s.RowsOut;
            previousName = $"step '{s.StepId}'";
        }
        if (RowsWritten != previous) problems.Add($"the sink wrote {RowsWritten} rows but {previousName} emitted {previous}");
        return problems;
    }
}
