using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Execution;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// A step that is not anonymize throws an exception quoting a raw value of a column the pipeline
/// protects (before the anonymize step sees it). The value must not reach the exception the caller
/// gets (message and inner chain, as the CLI and loggers print them), the library's log, or any
/// file under the output root (run history). Map, sequential-prepare and fit-pass paths are covered.
/// </summary>
public sealed class SensitiveExceptionTests
{
    private static readonly Schema Schema = CanaryEmails.Schema;

    private const string Anonymize = CanaryEmails.Anonymize;

    private static string Email(int i) => CanaryEmails.Email("canary", i);

    private static IEnumerable<RecordBatch> Batches() => CanaryEmails.Batches("canary");

    [Theory]
    [InlineData("map")]
    [InlineData("fitted")]
    public async Task Run_StepThrowsQuotingSensitiveValue_ValueReachesNoExceptionLogOrFile(string kind)
    {
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();
        var logger = new TextLogger();

        var e = await RunAsync(dir, $"- leaky: {{ column: email, kind: {kind} }}\n{Anonymize}", logger);

        var canaries = Enumerable.Range(0, 300).Select(Email).ToList();
        var everything = e.ToString() + "\n" + logger.Text + "\n" + await AllFilesAsync(dir.Path);
        TextLogger.Find(everything, canaries, []).Should().BeEmpty();
        e.Message.Should().Contain("step 'leaky' failed").And.Contain($"cannot parse '{SensitiveScrubber.Marker}' in row 150");
        e.InnerException.Should().BeOfType<ScrubbedStepException>().Which.OriginalType.Should().Be(typeof(FormatException).FullName);
        logger.Text.Should().Contain("step 'leaky' failed", "the failure is logged, scrubbed");
    }

    [Fact]
    public async Task Run_FitThrowsQuotingSensitiveValue_MessageWithheldEverywhere()
    {
        // Fit has no batch to scrub against: the merged statistics may hold any value the step read.
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();
        var logger = new TextLogger();

        var e = await RunAsync(dir, $"- leaky: {{ column: email, kind: fit }}\n{Anonymize}", logger);

        var canaries = Enumerable.Range(0, 300).Select(Email).ToList();
        var everything = e.ToString() + "\n" + logger.Text + "\n" + await AllFilesAsync(dir.Path);
        TextLogger.Find(everything, canaries, []).Should().BeEmpty();
        e.Message.Should().Contain("step 'leaky' failed").And.Contain("FormatException while fitting step 'leaky'").And.Contain("sensitive column(s) email");
        e.InnerException.Should().BeOfType<ScrubbedStepException>().Which.OriginalType.Should().Be(typeof(FormatException).FullName);
        logger.Text.Should().Contain("step 'leaky' failed");
    }

    [Fact]
    public async Task Run_FitThrowsQuotingOtherColumn_MessageKept()
    {
        AnonymizeTestSupport.EnsureKey();
        using var dir = new TempDirectory();

        var e = await RunAsync(dir, $"- leaky: {{ column: note, kind: fit }}\n{Anonymize}", new TextLogger());

        e.Message.Should().Contain("cannot parse 'n150' in row 150");
        e.InnerException.Should().BeOfType<FormatException>();
    }

    [Theory]
    [InlineData("map")]
    [InlineData("fitted")]
    [InlineData("fit")]
    public async Task Run_WithoutSensitiveColumns_ExceptionKeepsTheValue(string kind)
    {
        // The control: without a protecting step the value is not sensitive, the message is the step's own,
        // and the scan above would see it.
        using var dir = new TempDirectory();

        var e = await RunAsync(dir, $"- leaky: {{ column: email, kind: {kind} }}", new TextLogger());

        e.Message.Should().Contain($"cannot parse '{Email(150)}' in row 150");
        e.InnerException.Should().BeOfType<FormatException>();
    }

    [Fact]
    public async Task Run_StepThrowsQuotingOtherColumn_ExceptionUntouched()
    {
        using var dir = new TempDirectory();

        var e = await RunAsync(dir, $"- leaky: {{ column: note, kind: map }}\n{Anonymize}", new TextLogger());

        e.Message.Should().Contain("cannot parse 'n150' in row 150", "only values of sensitive columns are scrubbed");
        e.InnerException.Should().BeOfType<FormatException>();
    }

    [Fact]
    public void Scrub_ShortValue_ReplacedOnlyAsWholeToken()
    {
        var sensitive = new HashSet<string>(StringComparer.Ordinal) { "code" };
        var schema = new Schema([new Field("code", StringType.Default, false)], null);
        using var batch = new RecordBatch(schema, [new StringArray.Builder().Append("M").Append("4417123456789113").Build()], 2);

        var scrubbed = ExceptionScrubber.Scrub(new InvalidOperationException("Mode M rejected; card 4417123456789113 too"), batch, sensitive);

        scrubbed.Message.Should().Be("InvalidOperationException: Mode <sensitive> rejected; card <sensitive> too");
        ExceptionScrubber.Scrub(new InvalidOperationException("Mode rejected"), batch, sensitive).Should().BeOfType<InvalidOperationException>();
    }

    private static async Task<StepFailedException> RunAsync(TempDirectory dir, string steps, TextLogger logger)
    {
        var path = EngineHarness.WritePipeline(dir, steps);
        var registry = StepRegistry.CreateDefault().Register<LeakyOptions>("leaky", (o, id) => new LeakyStep(o, id));
        var run = () => DataPrep.Pipeline.Load(path, registry).RunAsync(new DataPrep.RunOptions
        {
            Source = new MemorySource(Schema, Batches),
            Parallelism = 2,
            BatchSize = 100,
            Logger = logger,
        });
        return (await run.Should().ThrowAsync<StepFailedException>()).Which;
    }

    private static async Task<string> AllFilesAsync(string root)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            text.Append(System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file))).Append('\n');
        return text.ToString();
    }
}

/// <summary>Options of <see cref="LeakyStep"/>.</summary>
public sealed class LeakyOptions
{
    /// <summary>Column whose value row 150 the step quotes when it throws.</summary>
    public string Column { get; set; } = "";

    /// <summary><c>map</c>: throws in Process; <c>fitted</c>: throws in Accumulate; <c>fit</c>: throws in Fit.</summary>
    public string Kind { get; set; } = "map";
}

/// <summary>A careless step: on row 150 it throws, quoting the value, like a parser's error would.</summary>
public sealed class LeakyStep(LeakyOptions options, string id) : IMapStep, IFittedStep
{
    private int _column;

    public string Id => id;

    public StepKind Kind => options.Kind is "fitted" or "fit" ? StepKind.Fitted : StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        _column = input.GetFieldIndex(options.Column);
        return input;
    }

    /// <summary>Reads only its column (and passes the rest through), so a fit that fails is withheld only when that column is sensitive.</summary>
    public IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) =>
        input.FieldsList.Select(f => f.Name).Where(n => n == options.Column || neededOutputs.Contains(n));

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        Throw(input, context);
        return input;
    }

    public IStatistics CreateStatistics() => new Remembered();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        if (options.Kind != "fit") Throw(input, context);
        for (var row = 0; row < input.Length; row++)
            if (context.RowIdAt(row).Row == 150) ((Remembered)statistics).Value = ((StringArray)input.Column(_column)).GetString(row);
    }

    /// <summary><c>fit</c>: throws over the merged statistics, quoting the value it kept, with no batch at hand.</summary>
    public void Fit(IStatistics merged)
    {
        if (options.Kind == "fit") throw new FormatException($"cannot parse '{((Remembered)merged).Value}' in row 150", new ArgumentException($"value was {((Remembered)merged).Value}"));
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context) => input;

    private void Throw(RecordBatch input, BatchContext context)
    {
        for (var row = 0; row < input.Length; row++)
        {
            if (context.RowIdAt(row).Row != 150) continue;
            var value = ((StringArray)input.Column(_column)).GetString(row);
            throw new FormatException($"cannot parse '{value}' in row 150", new ArgumentException($"value was {value}"));
        }
    }

    private sealed class Remembered : IStatistics
    {
        public string? Value { get; set; }

        public void Merge(IStatistics other) => Value ??= ((Remembered)other).Value;
    }
}
