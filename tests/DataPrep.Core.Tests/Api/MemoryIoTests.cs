using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Validate;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Api;

public sealed class MemoryIoTests
{
    private static PipelineBuilder People(string name = "mem") => Pipeline.Create(name)
        .From(PeopleData.Schema, () => PeopleData.Batches(500, 64).ToAsyncEnumerable())
        .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [0, 120] }] })
        .Step(new DedupeOptions { Exclude = ["id"], Keep = KeepPolicy.Last })
        .Quarantine(q => q.MaxBadFraction = 0.5)
        .ToMemory();

    [Fact]
    public async Task CollectAsync_FromBatches_GivesTheRowsAFileRunWrites()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- validate: { rules: [{ column: age, range: [0, 120] }] }\n- dedupe: { exclude: [id], keep: last }");
        var fileRun = await EngineHarness.RunAsync(yaml, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(500, 64)));
        var (_, expected) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(fileRun, "data"));

        using var result = await People().Build().CollectAsync(new RunOptions { BatchSize = 37 });

        Rows(result.Batches).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        result.Ledger.RowsWritten.Should().Be(fileRun.Ledger.RowsWritten);
        result.Removed.Should().HaveCount((int)(fileRun.Ledger.Quarantined + fileRun.Ledger.Dropped));
        result.Removed.Should().Contain(r => r.Fate == RowFate.Quarantined && r.Code.StartsWith("validate.") && r.Input == "memory:input" && r.Values != null);
        result.Removed.Should().Contain(r => r.Fate == RowFate.Dropped && r.StepId == "dedupe");
    }

    [Fact]
    public async Task StreamAsync_YieldsTheSameRowsAsCollect()
    {
        var pipeline = People().Build();
        using var collected = await pipeline.CollectAsync();
        var removed = new List<RemovedRow>();

        var streamed = new List<RecordBatch>();
        await foreach (var batch in pipeline.StreamAsync(new RunOptions { BatchSize = 50, Parallelism = 3 }, removed)) streamed.Add(batch);

        Rows(streamed).Should().BeEquivalentTo(Rows(collected.Batches), o => o.WithStrictOrdering());
        removed.Should().BeEquivalentTo(collected.Removed, o => o.WithStrictOrdering());
        foreach (var batch in streamed) batch.Dispose();
    }

    [Fact]
    public async Task StreamAsync_TooManyBadRows_ThrowsAfterTheBatchesItProduced()
    {
        var pipeline = People().Quarantine(q => q.MaxBadFraction = 0.01).Build();
        var streamed = 0;

        var run = async () =>
        {
            await foreach (var batch in pipeline.StreamAsync())
            {
                streamed++;
                batch.Dispose();
            }
        };

        await run.Should().ThrowAsync<DataPrep.Execution.RunFailedException>().WithMessage("*max_bad_fraction*");
        streamed.Should().BePositive();
    }

    [Fact]
    public async Task StreamAsync_ConsumerStopsEarly_RunStopsWithoutError()
    {
        var produced = 0;
        var pipeline = Pipeline.Create("early")
            .From(PeopleData.Schema, () => Endless(() => produced++))
            .ToMemory().Build();

        await foreach (var batch in pipeline.StreamAsync(new RunOptions { BatchSize = 10 }))
        {
            batch.Dispose();
            break;
        }

        produced.Should().BeLessThan(1000, "stopping the enumeration cancels the run instead of reading on");
    }

    [Fact]
    public async Task ValidateAsync_MemorySourceWithNothingBound_SaysHowToBindIt()
    {
        var pipeline = Pipeline.Parse("version: 1\nsource: { memory: orders }\nsink: { memory: {} }\n", ".");

        var diagnostics = await pipeline.ValidateAsync();

        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("RunOptions.Inputs[\"orders\"]");
    }

    [Fact]
    public async Task CollectAsync_YamlMemorySource_ReadsTheBatchesBoundInRunOptions()
    {
        var pipeline = Pipeline.Parse("version: 1\nsource: { memory: orders }\nsteps:\n  - select: { columns: [id, city] }\nsink: { memory: {} }\n", ".");
        var inputs = new Dictionary<string, DataPrep.IO.IBatchSource> { ["orders"] = BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(100, 30)) };

        using var result = await pipeline.CollectAsync(new RunOptions { Inputs = inputs });

        result.RowCount.Should().Be(100);
        result.Schema.FieldsList.Select(f => f.Name).Should().Equal("id", "city");
    }

    [Fact]
    public async Task RunAsync_MemorySink_DiagnosticPointingAtCollect()
    {
        var run = () => Pipeline.Parse("version: 1\nsource: { csv: a.csv }\nsink:\n  memory: {}\n", ".").RunAsync();

        var diagnostic = (await run.Should().ThrowAsync<DefinitionException>()).Which.Diagnostics.Should().ContainSingle().Which;
        diagnostic.Code.Should().Be(DiagnosticCodes.MemorySinkNotWritable);
        diagnostic.Message.Should().Contain("StreamAsync or CollectAsync");
        diagnostic.Location.Line.Should().Be(4);
    }

    [Fact]
    public async Task CollectAsync_BatchesOfOtherColumns_QuarantinesTheInputSayingWhy()
    {
        var other = new Schema([new Apache.Arrow.Field("x", Apache.Arrow.Types.Int64Type.Default, false)], null);
        var batch = new RecordBatch(other, [new Int64Array.Builder().Append(1).Build()], 1);
        var pipeline = Pipeline.Create("wrong").From(BatchSource.FromBatches(PeopleData.Schema, [batch]))
            .Quarantine(q => q.MaxBadFraction = 1).ToMemory().Build();

        using var result = await pipeline.CollectAsync();

        result.RowCount.Should().Be(0);
        result.Removed.Should().ContainSingle().Which.Message.Should().Contain("memory:input").And.Contain("x: int64");
    }

    private static async IAsyncEnumerable<RecordBatch> Endless(Action onBatch)
    {
        for (var i = 0; ; i++)
        {
            onBatch();
            await Task.Yield();
            yield return PeopleData.Batch(i * 10, 10);
        }
    }

    internal static List<object?[]> Rows(IEnumerable<RecordBatch> batches) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => Enumerable.Range(0, b.ColumnCount).Select(c => ArrowValues.Get(b.Column(c), r)).ToArray())).ToList();
}
