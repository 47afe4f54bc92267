using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Benchmarks.Harness;
using DataPrep.Steps.Normalize;
using DataPrep.Steps.Validate;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>telemetry-overhead [--rows 1000000] [--batch-size 8192] [--repeat 7]</c>: an in-memory run
/// (validate, then a fitted z-score: two passes) with an ActivityListener and a MeterListener
/// recording everything DataPrep emits, against the same run with no listener (the peer),
/// interleaved; medians and their ratio. The live spans and counters cost per batch, so smaller
/// batches show more of it.
/// </summary>
internal static class TelemetryOverheadCommand
{
    private static readonly Schema Schema = new([new Field("id", Int64Type.Default, false), new Field("score", DoubleType.Default, true)], null);

    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var rows = args.Int("rows", 1_000_000);
        var batchSize = args.Int("batch-size", 8192);
        var repeat = args.Int("repeat", 7);
        args.ThrowIfUnused();
        var batches = Batches(rows, 65_536);
        var pipeline = Pipeline.Create("telemetry-overhead")
            .From(BatchSource.FromBatches(Schema, batches))
            .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "score", Range = [-1e9, 1e9] }] })
            .Step(new NormalizeOptions { Columns = new() { ["score"] = new NormalizeColumn() } })
            .Execution(e => e.BatchSize = batchSize)
            .ToMemory().Build();

        long measured = 0, spans = 0;
        var quiet = new List<double>();
        var observed = new List<double>();
        for (var i = 0; i <= repeat; i++) // run 0 of each is warm-up
        {
            quiet.Add(await TimeAsync(pipeline, i, cancellationToken));
            using var tracing = new ActivityListener
            {
                ShouldListenTo = s => s.Name == DataPrepTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => Interlocked.Increment(ref spans),
            };
            ActivitySource.AddActivityListener(tracing);
            using var metering = new MeterListener
            {
                InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == DataPrepTelemetry.Name) l.EnableMeasurementEvents(instrument); },
            };
            metering.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measured));
            metering.Start();
            observed.Add(await TimeAsync(pipeline, i, cancellationToken));
        }
        quiet.RemoveAt(0);
        observed.RemoveAt(0);
        var peer = Medians.Of(quiet);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"telemetry-overhead: {rows:N0} rows, batch size {batchSize}, {repeat} runs each after 1 warm-up, interleaved, {Environment.ProcessorCount} cores"));
        Console.WriteLine("| run | median ms | min ms | max ms | ratio to no listener |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("no listener (peer)", quiet, peer);
        Row("ActivityListener + MeterListener, all recorded", observed, peer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({Interlocked.Read(ref spans):N0} spans stopped, {Interlocked.Read(ref measured):N0} measurements, over all observed runs)"));
        return 0;
    }

    private static async Task<double> TimeAsync(Pipeline pipeline, int run, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        using var result = await pipeline.CollectAsync(cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (result.RowCount == 0) throw new InvalidOperationException($"run {run}: no rows");
        return elapsed;
    }

    private static List<RecordBatch> Batches(int rows, int size)
    {
        var batches = new List<RecordBatch>();
        for (var start = 0; start < rows; start += size)
        {
            var length = Math.Min(size, rows - start);
            var ids = new Int64Array.Builder();
            var scores = new DoubleArray.Builder();
            for (var i = start; i < start + length; i++)
            {
                ids.Append(i);
                if (i % 97 == 0) scores.AppendNull(); else scores.Append((i * 7919L % 10_007) / 10.0);
            }
            batches.Add(new RecordBatch(Schema, [ids.Build(), scores.Build()], length));
        }
        return batches;
    }

    private static void Row(string name, List<double> values, double peer) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Medians.Of(values):F1} | {values.Min():F1} | {values.Max():F1} | {Medians.Of(values) / peer:F3}x |"));
}
