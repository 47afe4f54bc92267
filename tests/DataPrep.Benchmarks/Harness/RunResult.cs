namespace DataPrep.Benchmarks.Harness;

/// <summary>One timed run: seconds, peak RSS where measured, the rows it read or wrote, and its CPU time (user + system) where measured.</summary>
internal sealed record RunResult(double Seconds, long? PeakKiB, long? Rows, double? CpuSeconds = null);

/// <summary>The timed (not warm-up) runs of one engine in one scenario.</summary>
internal sealed class Samples
{
    private readonly List<RunResult> _runs = [];

    public int Count => _runs.Count;

    public void Add(RunResult run) => _runs.Add(run);

    public double Median => Medians.Of(_runs.Select(r => r.Seconds));

    public double Min => _runs.Min(r => r.Seconds);

    /// <summary>The largest peak over the runs, in MiB; null when none was measured.</summary>
    public double? PeakMiB => _runs.Max(r => r.PeakKiB) is { } kib ? kib / 1024.0 : null;
}

/// <summary>Both engines' runs of one scenario on one file, with anything that went wrong.</summary>
internal sealed class ScenarioResult(string label, long inputRows, long expectedRows)
{
    public string Label { get; } = label;
    public long InputRows { get; } = inputRows;
    public long ExpectedRows { get; } = expectedRows;
    public Samples DataPrep { get; } = new();
    public Samples DuckDb { get; } = new();
    public List<string> Problems { get; } = [];
    public bool DataPrepFailed { get; set; }
    public bool DuckDbFailed { get; set; }
}
