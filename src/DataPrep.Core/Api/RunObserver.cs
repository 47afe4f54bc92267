using System.Diagnostics;
using DataPrep.Execution;
using Microsoft.Extensions.Logging;

namespace DataPrep;

/// <summary>
/// What a run tells the outside: log lines, a <c>dataprep.run</c> span, and the run-duration
/// histogram. The <c>dataprep.step</c> spans (one per step and pass, from the step's first batch to
/// its completion) and the row and byte counters (batch by batch, final pass) are recorded live by
/// the <see cref="RunTrace"/> this observer attaches to the plan.
/// </summary>
internal sealed class RunObserver : IDisposable
{
    private readonly ILogger _logger;
    private readonly ExecutionPlan _plan;
    private readonly Activity? _run;
    private readonly long _startTimestamp;
    private readonly TimeProvider _time;

    public RunObserver(ILogger logger, ExecutionPlan plan, TimeProvider time, string mode)
    {
        _logger = logger;
        _plan = plan;
        _time = time;
        _startTimestamp = time.GetTimestamp();
        _run = DataPrepTelemetry.Source.StartActivity("dataprep.run", ActivityKind.Internal);
        _run?.SetTag("dataprep.pipeline", plan.Definition.Name);
        _run?.SetTag("dataprep.mode", mode);
        _run?.SetTag("dataprep.passes", plan.Passes.Count);
        _run?.SetTag("dataprep.parallelism", plan.Parallelism);
        // Counters need a listener when the run starts: a listener that joins half-way sees the rest of the run, not a made-up total.
        var metrics = DataPrepTelemetry.Rows.Enabled || DataPrepTelemetry.Bytes.Enabled;
        if (_run is not null || metrics) plan.Trace = new RunTrace(plan.Definition.Name, _run?.Context, metrics, time);
        Log.Starting(_logger, plan.Definition.Name, plan.Inputs.Count, plan.Steps.Count, plan.Passes.Count, mode);
    }

    public void Succeeded(RunLedger ledger, int? version)
    {
        var elapsed = _time.GetElapsedTime(_startTimestamp);
        var tags = new TagList { { "dataprep.pipeline", _plan.Definition.Name } };
        foreach (var step in ledger.Steps)
        {
            Log.StepDone(_logger, step.StepId, step.RowsIn, step.RowsOut, step.Quarantined, step.Dropped, step.Elapsed.TotalMilliseconds);
        }
        var durationTags = tags;
        durationTags.Add("dataprep.status", "ok");
        DataPrepTelemetry.RunDuration.Record(elapsed.TotalSeconds, durationTags);
        _run?.SetTag("dataprep.rows.read", ledger.SourceRows);
        _run?.SetTag("dataprep.rows.written", ledger.RowsWritten);
        if (version is { } v) _run?.SetTag("dataprep.version", v);
        _run?.SetStatus(ActivityStatusCode.Ok);
        Log.Finished(_logger, _plan.Definition.Name, ledger.SourceRows, ledger.RowsWritten, ledger.Quarantined, ledger.Dropped, elapsed.TotalMilliseconds,
            version is { } committed ? $"committed version {committed}" : "results kept in memory");
    }

    public void Failed(Exception error)
    {
        var tags = new TagList { { "dataprep.pipeline", _plan.Definition.Name }, { "dataprep.status", error is OperationCanceledException ? "cancelled" : "failed" } };
        DataPrepTelemetry.RunDuration.Record(_time.GetElapsedTime(_startTimestamp).TotalSeconds, tags);
        _run?.SetStatus(ActivityStatusCode.Error, error.Message);
        _run?.AddException(error);
        if (error is OperationCanceledException) Log.Cancelled(_logger, _plan.Definition.Name);
        else Log.Failed(_logger, error, _plan.Definition.Name, error.Message);
    }

    public void Dispose() => _run?.Dispose();
}
