using System.Diagnostics;

namespace DataPrep.Execution;

/// <summary>
/// Live telemetry of one run, attached to its plan by the run's observer: each pass gets a
/// <see cref="PassTrace"/> that opens a <c>dataprep.step</c> span when a step starts its first batch
/// and ends it when the step's last block completes, and (in the final pass) adds the row and byte
/// counters batch by batch. Per batch, never per row; nothing at all when no one listens.
/// </summary>
internal sealed class RunTrace
{
    public RunTrace(string pipeline, ActivityContext? parent, bool metrics, TimeProvider time)
    {
        Pipeline = pipeline;
        Parent = parent;
        Metrics = metrics;
        Time = time;
        SourceOut = Tags("source", "out");
        SourceQuarantined = Tags("source", "quarantined");
        SinkIn = Tags("sink", "in");
    }

    public string Pipeline { get; }

    /// <summary>The <c>dataprep.run</c> span step spans belong to; null when the run is not traced.</summary>
    public ActivityContext? Parent { get; }

    /// <summary>Whether the counters had a listener when the run started (then they are recorded as batches flow).</summary>
    public bool Metrics { get; }

    public TimeProvider Time { get; }

    public KeyValuePair<string, object?>[] SourceOut { get; }

    public KeyValuePair<string, object?>[] SourceQuarantined { get; }

    public KeyValuePair<string, object?>[] SinkIn { get; }

    /// <summary>Hooks the pass's step counters (and, in the final pass, the ledger's source and sink counts); null when nothing is observed.</summary>
    public PassTrace? BeginPass(ExecutionPlan plan, PlanPass pass, RunLedger ledger)
    {
        var spans = Parent is not null && DataPrepTelemetry.Source.HasListeners();
        var metrics = Metrics && pass.IsFinal;
        if (!spans && !metrics) return null;
        if (metrics) ledger.Trace = this;
        return new PassTrace(this, plan, pass, ledger, spans, metrics);
    }

    /// <summary>Counter tags of one step and outcome; built once per pass so a batch allocates nothing.</summary>
    public KeyValuePair<string, object?>[] Tags(string step, string? outcome) => outcome is null
        ? [new("dataprep.pipeline", Pipeline), new("dataprep.step", step)]
        : [new("dataprep.pipeline", Pipeline), new("dataprep.step", step), new("dataprep.outcome", outcome)];

    /// <summary>Called by <see cref="RunLedger.AddSource"/>, as each chunk is read.</summary>
    public void Source(long rows, long bad)
    {
        if (rows != 0) DataPrepTelemetry.Rows.Add(rows, SourceOut);
        if (bad != 0) DataPrepTelemetry.Rows.Add(bad, SourceQuarantined);
    }

    /// <summary>Called by <see cref="RunLedger.AddWritten"/>, as each batch is written.</summary>
    public void Written(long rows)
    {
        if (rows != 0) DataPrepTelemetry.Rows.Add(rows, SinkIn);
    }
}
