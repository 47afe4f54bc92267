using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataPrep;

/// <summary>
/// The names under which runs are traced and measured, for OpenTelemetry
/// (<c>AddSource(DataPrepTelemetry.Name)</c>, <c>AddMeter(DataPrepTelemetry.Name)</c>) or any listener.
/// A run is one <c>dataprep.run</c> span with a <c>dataprep.step</c> child per step and pass, live:
/// it starts with the step's first batch of the pass and ends when the step completes (tags
/// <c>dataprep.pass</c>, <c>dataprep.step.role</c> = transform or fit, the pass's row counts).
/// Counters <c>dataprep.rows</c> (tagged with the step and the outcome: in, out, quarantined,
/// dropped; source and sink too) and <c>dataprep.bytes</c> (bytes a step emitted) are added batch by
/// batch during the final pass, and the histogram <c>dataprep.run.duration</c> once per run.
/// Every measurement carries <c>dataprep.pipeline</c>.
/// </summary>
public static class DataPrepTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "DataPrep";

    internal static readonly string Version = typeof(DataPrepTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);

    internal static readonly Counter<long> Rows = Meter.CreateCounter<long>("dataprep.rows", "{row}", "Rows by step and outcome (in, out, quarantined, dropped).");

    internal static readonly Counter<long> Bytes = Meter.CreateCounter<long>("dataprep.bytes", "By", "Bytes of Arrow buffers a step emitted.");

    internal static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("dataprep.run.duration", "s", "Duration of a run, by status.");
}
