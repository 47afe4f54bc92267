using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DataPrep.Steps.Dedupe;
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
