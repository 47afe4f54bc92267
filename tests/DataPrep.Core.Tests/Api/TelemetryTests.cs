using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Apache.Arrow;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Normalize;
using DataPrep.Steps.Validate;
using DataPrep.Tests.Support;
using Microsoft.Extensions.Logging;

namespace DataPrep.Tests.Api;

public sealed class TelemetryTests
{
    [Fact]
    public async Task CollectAsync_Traced_OneRunSpanWithOneChildSpanPerStep()
    {
        var name = "traced-" + Guid.NewGuid().ToString("N");
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DataPrepTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (Equals(a.GetTagItem("dataprep.pipeline"), name)) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);

        using var result = await Build(name).CollectAsync();

        var run = spans.Should().ContainSingle(a => a.OperationName == "dataprep.run").Which;
        var steps = spans.Where(a => a.OperationName == "dataprep.step").ToList();
        steps.Select(s => s.GetTagItem("dataprep.step")).Should().BeEquivalentTo(new[] { "validate", "dedupe" });
        steps.Should().OnlyContain(s => s.ParentSpanId == run.SpanId && s.TraceId == run.TraceId);
        var dedupe = steps.Single(s => Equals(s.GetTagItem("dataprep.step"), "dedupe"));
        dedupe.GetTagItem("dataprep.rows.out").Should().Be(result.Ledger.RowsWritten);
        run.Status.Should().Be(ActivityStatusCode.Ok);
    }

    [Fact]
    public async Task CollectAsync_Measured_RowAndByteCountersMatchTheLedger()
    {
        var name = "metered-" + Guid.NewGuid().ToString("N");
        var rows = new ConcurrentDictionary<(string Step, string Outcome), long>();
        var bytes = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Meter.Name == DataPrepTelemetry.Name) l.EnableMeasurementEvents(i); },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value as string);
            if (t.GetValueOrDefault("dataprep.pipeline") != name) return;
            if (instrument.Name == "dataprep.rows") rows.AddOrUpdate((t["dataprep.step"]!, t["dataprep.outcome"]!), value, (_, v) => v + value);
            if (instrument.Name == "dataprep.bytes") bytes.AddOrUpdate(t["dataprep.step"]!, value, (_, v) => v + value);
        });
        listener.Start();

        using var result = await Build(name).CollectAsync();

        var validate = result.Ledger.Steps[0];
        rows[("validate", "in")].Should().Be(500);
        rows[("validate", "quarantined")].Should().Be(validate.Quarantined).And.BePositive();
        rows[("dedupe", "dropped")].Should().Be(result.Ledger.Steps[1].Dropped).And.BePositive();
        rows[("sink", "in")].Should().Be(result.RowCount);
        bytes["dedupe"].Should().Be(result.Ledger.Steps[1].BytesOut).And.BePositive();
    }

    [Fact]
    public async Task CollectAsync_FittedStepTraced_OneSpanPerStepAndPassEndingBeforeTheNextPass()
    {
        var name = "passes-" + Guid.NewGuid().ToString("N");
        var spans = Listen(name);
        var pipeline = Pipeline.Create(name)
            .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(500, 64)))
            .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [0, 120] }] })
            .Step(new NormalizeOptions { Columns = new() { ["score"] = new NormalizeColumn() } })
            .Quarantine(q => q.MaxBadFraction = 0.5)
            .ToMemory().Build();

        using var result = await pipeline.CollectAsync();

        var run = spans.Single(a => a.OperationName == "dataprep.run");
        var steps = spans.Where(a => a.OperationName == "dataprep.step")
            .Select(a => (Step: (string)a.GetTagItem("dataprep.step")!, Pass: (int)a.GetTagItem("dataprep.pass")!, Role: (string)a.GetTagItem("dataprep.step.role")!, Span: a))
            .OrderBy(s => s.Pass).ThenBy(s => s.Step).ToList();
        steps.Select(s => (s.Step, s.Pass, s.Role)).Should().Equal(
            ("normalize", 1, "fit"), ("validate", 1, "transform"), ("normalize", 2, "transform"), ("validate", 2, "transform"));
        steps.Should().OnlyContain(s => s.Span.ParentSpanId == run.SpanId && s.Span.StartTimeUtc >= run.StartTimeUtc
            && s.Span.StartTimeUtc + s.Span.Duration <= run.StartTimeUtc + run.Duration);
        var firstPassEnd = steps.Where(s => s.Pass == 1).Max(s => s.Span.StartTimeUtc + s.Span.Duration);
        steps.Where(s => s.Pass == 2).Should().OnlyContain(s => s.Span.StartTimeUtc >= firstPassEnd, "a pass's spans close when the pass is done");
        var kept = result.Ledger.Steps[0].RowsOut;
        steps[0].Span.GetTagItem("dataprep.rows.in").Should().Be(kept, "the fit span counts the rows accumulated");
        steps[1].Span.GetTagItem("dataprep.rows.out").Should().Be(kept, "the first pass has its own counts");
        steps[2].Span.GetTagItem("dataprep.rows.out").Should().Be(result.RowCount);
    }

    [Fact]
    public async Task CollectAsync_DedupeThenFittedStep_FitSpanCountsTheRowsTheDedupeKept()
    {
        // The accumulate block takes the rows the dedupe kept itself: the removed ones are still in the batch it sees.
        var name = "dedupe-fit-" + Guid.NewGuid().ToString("N");
        var spans = Listen(name);
        var pipeline = Pipeline.Create(name)
            .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(700, 64)))
            .Step(new DedupeOptions { Exclude = ["id"] })
            .Step(new NormalizeOptions { Columns = new() { ["score"] = new NormalizeColumn() } })
            .ToMemory().Build();

        using var result = await pipeline.CollectAsync();

        var fit = spans.Single(a => a.OperationName == "dataprep.step" && (string)a.GetTagItem("dataprep.step.role")! == "fit");
        result.Ledger.Steps[0].Dropped.Should().BePositive();
        fit.GetTagItem("dataprep.rows.in").Should().Be(result.Ledger.Steps[0].RowsOut, "the fit span counts the rows accumulated");
    }

    [Fact]
    public async Task CollectAsync_Traced_StepSpanStartsWhileTheSourceIsStillReading()
    {
        var name = "live-span-" + Guid.NewGuid().ToString("N");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DataPrepTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = a => { if (a.OperationName == "dataprep.step" && a.GetTagItem("dataprep.pipeline") as string == name) started.TrySetResult(); },
        };
        ActivitySource.AddActivityListener(listener);

        // The source holds its second batch back until the step span has started: a span opened only at the end never lets it go.
        using var result = await Gated(name, started.Task).CollectAsync();

        result.RowCount.Should().Be(128);
    }

    [Fact]
    public async Task CollectAsync_Measured_CountersAddedAsBatchesFlow()
    {
        var name = "live-metrics-" + Guid.NewGuid().ToString("N");
        var firstBatchCounted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var measurements = new ConcurrentQueue<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) => { if (i.Meter.Name == DataPrepTelemetry.Name) l.EnableMeasurementEvents(i); },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var t = tags.ToArray().ToDictionary(x => x.Key, x => x.Value as string);
            if (t.GetValueOrDefault("dataprep.pipeline") != name || instrument.Name != "dataprep.rows") return;
            if (t["dataprep.step"] != "validate" || t["dataprep.outcome"] != "in") return;
            measurements.Enqueue(value);
            firstBatchCounted.TrySetResult();
        });
        listener.Start();

        using var result = await Gated(name, firstBatchCounted.Task).CollectAsync();

        measurements.Should().Equal([64L, 64L], "one measurement per batch, the first while the source still waits");
    }

    [Fact]
    public async Task CollectAsync_WithLogger_LogsStartAndFinish()
    {
        var logger = new ListLogger();

        using var result = await Build("logged").WithLogger(logger).CollectAsync();

        logger.Lines.Should().Contain(l => l.StartsWith("Information: Running pipeline logged: 1 input(s), 2 step(s)"));
        logger.Lines.Should().Contain(l => l.StartsWith("Information: Pipeline logged done: read 500, wrote " + result.RowCount));
        logger.Lines.Should().Contain(l => l.StartsWith("Debug: Step dedupe:"));
    }

    [Fact]
    public async Task CollectAsync_StepThrows_LogsTheErrorAndMarksTheSpan()
    {
        var logger = new ListLogger();
        var pipeline = Pipeline.Create("failing", DataPrep.Steps.StepRegistry.CreateDefault().Register<BucketOptions>("bucket", (o, id) => new ThrowingStep(id)))
            .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(10, 10)))
            .Step(new BucketOptions { Column = "id" })
            .ToMemory().WithLogger(logger).Build();

        var run = () => pipeline.CollectAsync();

        await run.Should().ThrowAsync<DataPrep.Execution.StepFailedException>();
        logger.Lines.Should().Contain(l => l.StartsWith("Error: Pipeline failing failed:"));
    }

    private static ConcurrentQueue<Activity> Listen(string pipeline)
    {
        var spans = new ConcurrentQueue<Activity>();
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DataPrepTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (Equals(a.GetTagItem("dataprep.pipeline"), pipeline)) spans.Enqueue(a); },
        };
        ActivitySource.AddActivityListener(listener);
        Listeners.Add(listener); // kept alive for the test; the pipeline name filters other tests' runs
        return spans;
    }

    private static readonly ConcurrentBag<ActivityListener> Listeners = [];

    /// <summary>Two batches of 64 rows through one validate step; the second is read only once <paramref name="gate"/> completes (30 s at most).</summary>
    private static Pipeline Gated(string name, Task gate) => Pipeline.Create(name)
        .From(PeopleData.Schema, () => GatedBatches(gate))
        .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [0, 1000] }] })
        .ToMemory().Build();

    private static async IAsyncEnumerable<RecordBatch> GatedBatches(Task gate)
    {
        yield return PeopleData.Batch(0, 64);
        await gate.WaitAsync(TimeSpan.FromSeconds(30));
        yield return PeopleData.Batch(64, 64);
    }

    private static Pipeline Build(string name) => Pipeline.Create(name)
        .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(500, 64)))
        .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [0, 120] }] })
        .Step(new DedupeOptions { Exclude = ["id"] })
        .Quarantine(q => q.MaxBadFraction = 0.5)
        .ToMemory().Build();

    private sealed class ThrowingStep(string id) : DataPrep.Steps.IMapStep
    {
        public string Id => id;

        public DataPrep.Steps.StepKind Kind => DataPrep.Steps.StepKind.Map;

        public Apache.Arrow.Schema Bind(Apache.Arrow.Schema input, DataPrep.Steps.BindContext context) => input;

        public Apache.Arrow.RecordBatch Process(Apache.Arrow.RecordBatch input, DataPrep.Steps.BatchContext context) => throw new InvalidOperationException("boom");
    }
}

/// <summary>Keeps formatted log lines as "Level: message".</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
}
