using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// A sink writer throws an exception quoting a value of a sensitive column it was given: while
/// writing a batch (scrubbed against that batch) or while finishing its file (no batch at hand:
/// withheld whole). Neither the value the sink saw (the protected one) nor the raw canary may reach
/// the exception the caller gets or any file under the output root (run history); without sensitive
/// columns the writer's message is left alone.
/// </summary>
public sealed class SensitiveSinkExceptionTests
{
    private static readonly Schema Schema = CanaryEmails.Schema;

    private const string Anonymize = CanaryEmails.Anonymize;

    private static string Email(int i) => CanaryEmails.Email("sinkcanary", i);

    private static IEnumerable<RecordBatch> Batches() => CanaryEmails.Batches("sinkcanary");

    [Theory]
    [InlineData(LeakySink.Throw.Write)]
    [InlineData(LeakySink.Throw.Finish)]
    public async Task Run_SinkThrowsQuotingSensitiveValue_ValueReachesNoExceptionOrFile(LeakySink.Throw when)
    {
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();
        var sink = new LeakySink("email", when);

        var e = await RunAsync(dir, Anonymize, sink);

        sink.Quoted.Should().NotBeNull().And.NotBe(Email(150), "the sink sees the pseudonym");
        var everything = e.ToString() + "\n" + await AllFilesAsync(dir.Path);
        TextLogger.Find(everything, [.. Enumerable.Range(0, 300).Select(Email), sink.Quoted!], []).Should().BeEmpty();
        e.Should().BeOfType<ScrubbedStepException>().Which.OriginalType.Should().Be(typeof(InvalidOperationException).FullName);
        if (when == LeakySink.Throw.Write) e.Message.Should().Contain($"cannot write '{SensitiveScrubber.Marker}'");
        else e.Message.Should().Contain("while finishing the sink's files").And.Contain("sensitive column(s) email");
    }

    [Theory]
    [InlineData(LeakySink.Throw.Write)]
    [InlineData(LeakySink.Throw.Finish)]
    public async Task Run_SinkThrowsWithoutSensitiveColumns_MessageKept(LeakySink.Throw when)
    {
        using var dir = new TempDirectory();
        var sink = new LeakySink("email", when);

        var e = await RunAsync(dir, "- cast: { columns: { id: int64 } }", sink);

        e.Should().BeOfType<InvalidOperationException>();
        e.Message.Should().Contain($"cannot write '{sink.Quoted}'").And.Contain("sinkcanary");
    }

    [Fact]
    public async Task Run_SinkThrowsQuotingOtherColumn_MessageKept()
    {
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();
        var sink = new LeakySink("note", LeakySink.Throw.Write);

        var e = await RunAsync(dir, Anonymize, sink);

        e.Should().BeOfType<InvalidOperationException>();
        e.Message.Should().Contain("cannot write 'n", "only values of sensitive columns are scrubbed");
    }

    /// <summary>Runs the pipeline with its sink replaced by <paramref name="sink"/>; returns what the run threw.</summary>
    private static async Task<Exception> RunAsync(TempDirectory dir, string steps, LeakySink sink)
    {
        var path = EngineHarness.WritePipeline(dir, steps);
        var plan = await DataPrep.Pipeline.Load(path).CompileAsync(new DataPrep.RunOptions
        {
            Source = new MemorySource(Schema, Batches),
            Parallelism = 2,
            BatchSize = 100,
        });
        var leaky = new ExecutionPlan(plan.Definition, plan.Source, plan.Inputs, plan.SourceSchema, plan.Projection, plan.Steps, sink,
            plan.OutputRoot, plan.Passes, plan.Parallelism, plan.BatchSize);
        var run = () => new PipelineRunner(leaky, "", TimeProvider.System).RunAsync(null, CancellationToken.None);
        return (await run.Should().ThrowAsync<Exception>()).Which;
    }

    private static async Task<string> AllFilesAsync(string root)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            text.Append(System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file))).Append('\n');
        return text.ToString();
    }
}

/// <summary>A careless sink: it throws quoting the first value of <paramref name="column"/> it was given, like a writer's error would.</summary>
public sealed class LeakySink(string column, LeakySink.Throw when) : ISinkFormat, IBatchWriter
{
    public enum Throw { Write, Finish }

    /// <summary>The value the writer quoted.</summary>
    public string? Quoted { get; private set; }

    public string Extension => ".leaky";

    public IBatchWriter Create(Stream output, Schema schema) => this;

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        Quoted ??= ((StringArray)batch.Column(batch.Schema.GetFieldIndex(column))).GetString(0);
        return when == Throw.Write ? throw new InvalidOperationException($"cannot write '{Quoted}'") : Task.CompletedTask;
    }

    public Task FinishAsync(CancellationToken cancellationToken) =>
        when == Throw.Finish ? throw new InvalidOperationException($"cannot write '{Quoted}'") : Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
