using Microsoft.Extensions.Logging;

namespace DataPrep;

/// <summary>The library's log messages (source-generated, so a disabled level costs nothing).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Running pipeline {Pipeline}: {Inputs} input(s), {Steps} step(s), {Passes} pass(es), output to {Mode}")]
    public static partial void Starting(ILogger logger, string pipeline, int inputs, int steps, int passes, string mode);

    [LoggerMessage(2, LogLevel.Debug, "Step {Step}: in {RowsIn}, out {RowsOut}, quarantined {Quarantined}, dropped {Dropped}, busy {BusyMs:F1} ms")]
    public static partial void StepDone(ILogger logger, string step, long rowsIn, long rowsOut, long quarantined, long dropped, double busyMs);

    [LoggerMessage(3, LogLevel.Information, "Pipeline {Pipeline} done: read {RowsRead}, wrote {RowsWritten}, quarantined {Quarantined}, dropped {Dropped} in {ElapsedMs:F0} ms; {Outcome}")]
    public static partial void Finished(ILogger logger, string pipeline, long rowsRead, long rowsWritten, long quarantined, long dropped, double elapsedMs, string outcome);

    [LoggerMessage(4, LogLevel.Error, "Pipeline {Pipeline} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Exception error, string pipeline, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Pipeline {Pipeline} was cancelled; nothing was committed")]
    public static partial void Cancelled(ILogger logger, string pipeline);
}
