using System.Diagnostics;

namespace DataPrep.Execution;

/// <summary>
/// One step in one pass: its <c>dataprep.step</c> span, opened when its first batch starts (the
/// batch's own busy time is subtracted from the moment it is counted) and closed when the step's
/// last block completes, with the pass's counts as tags; and, in the final pass, its counters,
/// added batch by batch from <see cref="StepCounters.Add"/>. Thread-safe: batches arrive from
/// parallel blocks.
/// </summary>
internal sealed class StepTrace
{
    private readonly RunTrace _run;
    private readonly PlannedStep _step;
    private readonly PlanPass _pass;
    private readonly StepCounters? _counters;
    private readonly bool _spans;
    private readonly KeyValuePair<string, object?>[]? _in, _out, _quarantined, _dropped, _bytes;
    private readonly Lock _gate = new();
    private int _started;
    private int _ended;
    private long _fitRows;
    private Activity? _span;

    /// <param name="counters">The pass's counters of the step; null for the fitted step of a fit pass (its accumulators count nothing).</param>
    public StepTrace(RunTrace run, PlannedStep step, PlanPass pass, StepCounters? counters, bool spans, bool metrics)
    {
        _run = run;
        _step = step;
        _pass = pass;
        _counters = counters;
        _spans = spans;
        if (!metrics) return;
        _in = run.Tags(step.Id, "in");
        _out = run.Tags(step.Id, "out");
        _quarantined = run.Tags(step.Id, "quarantined");
        _dropped = run.Tags(step.Id, "dropped");
        _bytes = run.Tags(step.Id, null);
    }

    /// <summary>True for the span of a fitted step accumulating its statistics in its fit pass.</summary>
    public bool Fits => _counters is null;

    /// <summary>A batch of the step is done; <paramref name="ticks"/> is how long it took (its start is now minus that).</summary>
    public void Batch(long rowsIn, long rowsOut, long quarantined, long dropped, long bytes, long ticks)
    {
        Begin(ticks);
        if (_in is null) return;
        if (rowsIn != 0) DataPrepTelemetry.Rows.Add(rowsIn, _in);
        if (rowsOut != 0) DataPrepTelemetry.Rows.Add(rowsOut, _out!);
        if (quarantined != 0) DataPrepTelemetry.Rows.Add(quarantined, _quarantined!);
        if (dropped != 0) DataPrepTelemetry.Rows.Add(dropped, _dropped!);
        if (bytes != 0) DataPrepTelemetry.Bytes.Add(bytes, _bytes!);
    }

    /// <summary>A batch reached the fitted step's accumulators.</summary>
    public void FitBatch(long rows)
    {
        Begin(0);
        Interlocked.Add(ref _fitRows, rows);
    }

    /// <summary>Opens the span on the first call; later calls cost one read.</summary>
    public void Begin(long ticks)
    {
        if (!_spans || Volatile.Read(ref _started) != 0 || Interlocked.Exchange(ref _started, 1) != 0) return;
        var start = _run.Time.GetUtcNow() - TimeSpan.FromTicks(ticks);
        // Started from a Dataflow worker: the span must not become that thread's current activity.
        var current = Activity.Current;
        var span = DataPrepTelemetry.Source.StartActivity("dataprep.step", ActivityKind.Internal, _run.Parent!.Value, Identity(), startTime: start);
        Activity.Current = current;
        if (span is null) return;
        span.DisplayName = $"step {_step.Id}";
        bool late;
        lock (_gate)
        {
            late = _ended != 0;
            if (!late) _span = span;
        }
        if (late) Close(span, null); // the pass ended (a fault) while this span was opening
    }

    /// <summary>Closes the span (once): the step's last block completed, or the pass ended.</summary>
    public void End(Exception? error = null)
    {
        Activity? span;
        lock (_gate)
        {
            if (_ended != 0) return;
            _ended = 1;
            span = _span;
        }
        if (span is not null) Close(span, error);
    }

    /// <summary>What the span is, set when it starts (so samplers and ActivityStarted listeners see it).</summary>
    private KeyValuePair<string, object?>[] Identity() =>
    [
        new("dataprep.pipeline", _run.Pipeline),
        new("dataprep.step", _step.Id),
        new("dataprep.step.kind", _step.Kind.ToString().ToLowerInvariant()),
        new("dataprep.step.role", Fits ? "fit" : "transform"),
        new("dataprep.pass", _pass.Number),
        new("dataprep.pass.final", _pass.IsFinal),
    ];

    private void Close(Activity span, Exception? error)
    {
        if (_counters is { } c)
        {
            span.SetTag("dataprep.rows.in", c.RowsIn);
            span.SetTag("dataprep.rows.out", c.RowsOut);
            span.SetTag("dataprep.rows.quarantined", c.Quarantined);
            span.SetTag("dataprep.rows.dropped", c.Dropped);
            span.SetTag("dataprep.bytes.out", c.BytesOut);
            span.SetTag("dataprep.step.busy_ms", c.Elapsed.TotalMilliseconds);
        }
        else span.SetTag("dataprep.rows.in", Interlocked.Read(ref _fitRows));
        if (error is not null) span.SetStatus(ActivityStatusCode.Error, error.Message);
        span.SetEndTime(_run.Time.GetUtcNow().UtcDateTime);
        var current = Activity.Current;
        span.Stop();
        Activity.Current = current;
    }
}
