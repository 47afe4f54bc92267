using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class PipelineRunTests
{
    private const string Steps = """
        - validate: { rules: [ { column: age, not_null: true }, { column: age, range: [0, 120], on_fail: drop } ] }
        - dedupe: { exclude: [id] }
        - filter: { where: "city != 'Nice' or score > 50" }
        - cast: { columns: { age: float64 } }
        """;

    [Fact]
    public async Task RunAsync_SameInput_ByteIdenticalAtAnyParallelismAndBatchSize()
    {
        var hashes = new List<string>();
        foreach (var (parallelism, batchSize) in new[] { (1, 10_000), (4, 7), (2, 333), (3, 1) })
        {
            using var dir = new TempDirectory();
            // The source batches follow the batch size, as a real reader's do.
            var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(1500, batchSize), () => PeopleData.Batches(700, batchSize));
            var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, Steps), source, parallelism, batchSize);
            hashes.Add(string.Join(",", result.Manifest.Files.OrderBy(f => f.Path).Select(f => $"{Path.GetFileName(f.Path)}={f.Sha256}")));
        }
        hashes.Distinct().Should().ContainSingle("output bytes must not depend on parallelism or batch size: {0}", string.Join(" | ", hashes));
    }

    [Fact]
    public async Task RunAsync_DedupeOnLargeBatches_ByteIdenticalAtAnyParallelism()
    {
        // Batches large enough that keep-first dedupe adds their keys on several threads (KeyTable.AddFirst).
        var hashes = new List<string>();
        foreach (var parallelism in new[] { 1, 2, 3 })
        {
            using var dir = new TempDirectory();
            var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(20_000, 8192));
            var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }"), source, parallelism, 8192);
            result.Ledger.Steps[0].Dropped.Should().Be(20_000 / 7);
            hashes.Add(string.Join(",", result.Manifest.Files.OrderBy(f => f.Path).Select(f => $"{Path.GetFileName(f.Path)}={f.Sha256}")));
        }
        hashes.Distinct().Should().ContainSingle("output bytes must not depend on parallelism: {0}", string.Join(" | ", hashes));
    }

    [Fact]
    public async Task RunAsync_LedgerBalances_AndQuarantineHoldsReasonSourceAndValues()
    {
        using var dir = new TempDirectory();
        var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(1000, 128));
        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, Steps), source);

        var ledger = result.Ledger;
        ledger.Imbalances().Should().BeEmpty();
        ledger.SourceRows.Should().Be(1000);
        var expectedNulls = Enumerable.Range(0, 1000).Count(i => PeopleData.Row(i).Age is null);
        ledger.Steps[0].Quarantined.Should().Be(expectedNulls);
        ledger.Steps[0].Dropped.Should().Be(Enumerable.Range(0, 1000).Count(i => PeopleData.Row(i).Age is > 120));

        var (_, quarantine) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "quarantine"));
        quarantine.Should().HaveCount(expectedNulls);
        var first = quarantine[0];
        first[0].Should().Be("validate");
        first[1].Should().Be("validate.not_null");
        first[3].Should().Be("/mem/0");
        var firstNullRow = Enumerable.Range(0, 1000).First(i => PeopleData.Row(i).Age is null);
        first[4].Should().Be((long)firstNullRow);
        ((string)first[6]!).Should().Contain($"\"id\":{firstNullRow}").And.Contain("\"age\":null");
    }

    [Fact]
    public async Task RunAsync_Dedupe_DropRecordsNameTheSurvivor()
    {
        using var dir = new TempDirectory();
        var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(70, 9));
        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }"), source);

        var (_, dropped) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "dropped"));
        dropped.Should().HaveCount(10); // rows 6, 13, ..., 69 repeat row i-3
        dropped.Select(r => (long)r[4]!).Should().Equal(Enumerable.Range(0, 70).Where(i => i % 7 == 6).Select(i => (long)i));
        dropped.Select(r => (long)r[6]!).Should().Equal(Enumerable.Range(0, 70).Where(i => i % 7 == 6).Select(i => (long)i - 3));
        var (_, rows) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "data"));
        rows.Should().HaveCount(60);
    }

    [Fact]
    public async Task RunAsync_DedupeKeepLast_FitPassKeepsTheLastRow()
    {
        using var dir = new TempDirectory();
        var source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(70, 9));
        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id], keep: last }"), source);

        result.Plan.Passes.Should().HaveCount(2);
        source.Reads.Should().Be(1, "the second pass reads the first pass's spill, not the source");
        var (_, dropped) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "dropped"));
        dropped.Select(r => (long)r[4]!).Should().Equal(Enumerable.Range(0, 70).Where(i => i % 7 == 6).Select(i => (long)i - 3));
        dropped.Select(r => (long)r[6]!).Should().Equal(Enumerable.Range(0, 70).Where(i => i % 7 == 6).Select(i => (long)i));
    }

    [Fact]
    public async Task RunAsync_TooManyBadRows_FailsAndCommitsNothing()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- validate: { rules: [ { column: age, not_null: true } ] }", "quarantine: { max_bad_fraction: 0.01 }");
        var act = () => EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(500, 100)));

        (await act.Should().ThrowAsync<RunFailedException>()).Which.Message.Should().Contain("max_bad_fraction");
        EngineHarness.Latest(dir.Combine("out")).Should().BeNull();
        Directory.EnumerateFileSystemEntries(dir.Combine("out", "_staging")).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_StepThrows_FaultNamesStepIdAndLine()
    {
        using var dir = new TempDirectory();
        var registry = StepRegistry.CreateDefault().Register<ThrowingStep.Options>("explode", (o, id) => new ThrowingStep(id));
        var path = EngineHarness.WritePipeline(dir, "- select: { exclude: [city] }\n- explode:\n  id: boom");
        var act = () => EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(5000, 100)), registry: registry);

        var error = (await act.Should().ThrowAsync<StepFailedException>()).Which;
        error.StepId.Should().Be("boom");
        error.Location.Line.Should().Be(7);
        error.Message.Should().Contain("pipeline.yaml(7,").And.Contain("kaboom");
        EngineHarness.Latest(dir.Combine("out")).Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_StepThrows_EveryBatchInTheGraphIsDisposed()
    {
        using var dir = new TempDirectory();
        var allocator = new TrackingAllocator();
        var registry = StepRegistry.CreateDefault().Register<ThrowingStep.Options>("explode", (o, id) => new ThrowingStep(id));
        var path = EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }\n- explode: {}", "execution: { capacity: 8 }");
        var act = () => EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => Lazily(20_000, 100, allocator)), registry: registry);

        await act.Should().ThrowAsync<StepFailedException>();
        allocator.Outstanding.Should().Be(0, "batches queued in blocks when the graph faulted are released too");
    }

    [Fact]
    public async Task RunAsync_SinkFailsMidRun_FailsWithItsErrorAndCommitsNothing()
    {
        // The sink throws on its second batch (a 1,001st partition folder), possibly while the blocks
        // before it have finished their input but still hold output (PassExecutorStopTests).
        using var dir = new TempDirectory();
        var path = dir.Combine("pipeline.yaml");
        File.WriteAllText(path, """
            version: 1
            name: test
            source: { parquet: "in/*.parquet" }
            steps:
              - select: { exclude: [city] }
            sink: { parquet: { path: out, partition_by: name } }
            execution: { capacity: 2, parallelism: 1 }
            """);
        var act = () => EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(5000, 1000)))
            .WaitAsync(TimeSpan.FromSeconds(60)); // a guard against hanging the suite, not a speed check

        (await act.Should().ThrowAsync<Exception>()).Which.Message.Should().Contain("more than 1000 distinct values");
        EngineHarness.Latest(dir.Combine("out")).Should().BeNull();
    }

    [Fact]
    public async Task CompileAsync_MissingColumn_FailsAtValidationWithLine()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- rename: { columns: { city: town } }\n- dedupe: { keys: [city] }");
        var source = new MemorySource(PeopleData.Schema, () => throw new InvalidOperationException("no data may be read"));

        var diagnostics = await Pipeline.Load(path).ValidateAsync(new RunOptions { Source = source });

        diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.UnknownColumn && d.Location.Line == 7 && d.Path == "steps[1].dedupe.keys[0]");
        source.Reads.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsAndCommitsNothing()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var source = new MemorySource(PeopleData.Schema, Endless);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        var act = () => EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, "- dedupe: {}"), source, cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        EngineHarness.Latest(dir.Combine("out")).Should().BeNull();
    }

    [Fact]
    public async Task RunAsync_SecondRunSameInput_NewVersionWithSameDataBytes()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }");
        var first = await EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(300, 64)));
        var second = await EngineHarness.RunAsync(path, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(300, 64)));

        second.Manifest.Version.Should().Be(first.Manifest.Version + 1);
        second.Manifest.PreviousVersion.Should().Be(first.Manifest.Version);
        second.Manifest.Files.Select(f => f.Sha256).Should().Equal(first.Manifest.Files.Select(f => f.Sha256));
        File.Exists(Path.Combine(dir.Combine("out"), first.Manifest.Files[0].Path)).Should().BeTrue("old versions stay until retention removes them");
    }

    private static IEnumerable<Apache.Arrow.RecordBatch> Endless()
    {
        for (var start = 0; ; start += 100) yield return PeopleData.Batch(start, 100);
    }

    // Batches made as they are read, so none is made that the engine never received.
    private static IEnumerable<Apache.Arrow.RecordBatch> Lazily(int rows, int batchSize, Apache.Arrow.Memory.MemoryAllocator allocator)
    {
        for (var start = 0; start < rows; start += batchSize) yield return PeopleData.Batch(start, batchSize, allocator);
    }
}
