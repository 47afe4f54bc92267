using System.Diagnostics;
using DataPrep.Execution;
using Microsoft.Extensions.Logging;

namespace DataPrep;

/// <summary>
/// What a run tells the outside: log lines, a <c>dataprep.run</c> span with one child span per
/// step, and the row and byte counters. Step spans cover the run, and carry the step's own busy
/// time as <c>dataprep.step.busy_ms</c>: steps run concurrently, batch by batch, so a step has no
/// single start and end of its own.
/// </summary>
internal sealed class RunObserver : IDisposable
{
    private readonly ILogger _logger;
    private readonly ExecutionPlan _plan;
    private readonly Activity? _run;
    private readonly DateTimeOffset _started;
    private readonly long _startTimestamp;
    private readonly TimeProvider _time;

    public RunObserver(ILogger logger, ExecutionPlan plan, TimeProvider time, string mode)
    {
        _logger = logger;
        _plan = plan;
        _time = time;
        _started = time.GetUtcNow();
        _startTimestamp = time.GetTimestamp();
        _run = DataPrepTelemetry.Source.StartActivity("dataprep.run", ActivityKind.Internal);
        _run?.SetTag("dataprep.pipeline", plan.Definition.Name);
        _run?.SetTag("dataprep.mode", mode);
        _run?.SetTag("dataprep.passes", plan.Passes.Count);
        _run?.SetTag("dataprep.parallelism", plan.Parallelism);
        Log.Starting(_logger, plan.Definition.Name, plan.Inputs.Count, plan.Steps.Count, plan.Passes.Count, mode);
    }

    public void Succeeded(RunLedger ledger, int? version)
    {
        var elapsed = _time.GetElapsedTime(_startTimestamp);
        var tags = new TagList { { "dataprep.pipeline", _plan.Definition.Name } };
        DataPrepTelemetry.Rows.Add(ledger.SourceRows, Tag(tags, "source", "out"));
        DataPrepTelemetry.Rows.Add(ledger.SourceQuarantined, Tag(tags, "source", "quarantined"));
        foreach (var step in ledger.Steps)
        {
            DataPrepTelemetry.Rows.Add(step.RowsIn, Tag(tags, step.StepId, "in"));
            DataPrepTelemetry.Rows.Add(step.RowsOut, Tag(tags, step.StepId, "out"));
            DataPrepTelemetry.Rows.Add(step.Quarantined, Tag(tags, step.StepId, "quarantined"));
            DataPrepTelemetry.Rows.Add(step.Dropped, Tag(tags, step.StepId, "dropped"));
            var stepTags = tags;
            stepTags.Add("dataprep.step", step.StepId);
            DataPrepTelemetry.Bytes.Add(step.BytesOut, stepTags);
            StepSpan(step);
            Log.StepDone(_logger, step.StepId, step.RowsIn, step.RowsOut, step.Quarantined, step.Dropped, step.Elapsed.TotalMilliseconds);
        }
        DataPrepTelemetry.Rows.Add(ledger.RowsWritten, Tag(tags, "sink", "in"));
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

    private void StepSpan(StepCounters step)
    {
        if (_run is null) return;
        using var span = DataPrepTelemetry.Source.StartActivity("dataprep.step", ActivityKind.Internal, _run.Context, startTime: _started);
        if (span is null) return;
        span.DisplayName = $"step {step.StepId}";
        span.SetTag("dataprep.pipeline", _plan.Definition.Name);
        span.SetTag("dataprep.step", step.StepId);
        span.SetTag("dataprep.step.kind", _plan.Steps.First(s => s.Id == step.StepId).Kind.ToString().ToLowerInvariant());
        span.SetTag("dataprep.rows.in", step.RowsIn);
        span.SetTag("dataprep.rows.out", step.RowsOut);
        span.SetTag("dataprep.rows.quarantined", step.Quarantined);
        span.SetTag("dataprep.rows.dropped", step.Dropped);
        span.SetTag("dataprep.bytes.out", step.BytesOut);
        span.SetTag("dataprep.step.busy_ms", step.Elapsed.TotalMilliseconds);
        span.SetEndTime(_time.GetUtcNow().UtcDateTime);
    }

    private static TagList Tag(TagList common, string step, string outcome)
    {
        var tags = common;
        tags.Add("dataprep.step", step);
        tags.Add("dataprep.outcome", outcome);
        return tags;
    }
}
