using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Execution;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

/// <summary>
/// A fit pass whose accumulators come right after a dedupe: the accumulate block takes the rows the
/// dedupe kept itself (no compact block), for impute and normalize in arrays it reuses batch after batch.
/// </summary>
public sealed class AccumulateTakesRowsTests
{
    private const string Cleaning = "- impute: { columns: { age: mean, score: mean, city: mode, name: mode } }\n- normalize: { columns: { age: zscore, score: zscore } }";

    [Theory]
    [InlineData(1, 10_000)]
    [InlineData(3, 12_000)]
    public async Task Run_AccumulatorsTakeTheKeptRows_SameFitAndOutputAsTheDedupedRowsAlone(int parallelism, int batchSize)
    {
        // About 8,500 kept rows and more a batch: 64 KB and more a column of numbers, so their arrays are
        // reused (smaller ones are not).
        const int rows = 70_000;
        using var withDedupe = new TempDirectory();
        using var alone = new TempDirectory();

        var a = await EngineHarness.RunAsync(EngineHarness.WritePipeline(withDedupe, "- dedupe: { exclude: [id] }\n" + Cleaning),
            new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)), parallelism, batchSize);
        // The same rows without the repeats (every 7th row repeats one, and a few more coincide).
        var kept = Kept(rows);
        var b = await EngineHarness.RunAsync(EngineHarness.WritePipeline(alone, Cleaning),
            new MemorySource(PeopleData.Schema, () => Batches(rows, kept, batchSize)), parallelism, batchSize);

        a.Plan.Passes[0].Blocks.Select(x => x.Role).Should().NotContain(BlockRole.Compact);
        a.Plan.Passes[0].Blocks.Single(x => x.Role == BlockRole.Accumulate).TakesRowsOf.Should().Be(0);
        a.Ledger.Steps[0].Dropped.Should().Be(rows - kept.Length).And.BeGreaterThan(rows / 7);
        await SameFitAndOutputAsync(a, b);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Run_ParquetInput_TheReadersArraysTakeLaterRowGroups_SameFitAndOutputAsNewArrays(int parallelism)
    {
        // A Parquet input of several row groups: in the fit pass the reader decodes later row groups
        // into the arrays of batches the accumulators are done with (PassExecutor.RecyclesSourceArrays).
        const int rows = 60_000, batchSize = 8192;
        using var input = new TempDirectory();
        var copy = EngineHarness.WritePipeline(input, "[]");
        File.WriteAllText(copy, File.ReadAllText(copy).Replace("row_group_size: 1000", "row_group_size: 20000"));
        var written = await EngineHarness.RunAsync(copy, new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)));
        using var fromFile = new TempDirectory();
        using var fromMemory = new TempDirectory();
        Directory.CreateDirectory(fromFile.Combine("in"));
        File.Copy(EngineHarness.FileOf(written, "data"), fromFile.Combine("in", "people.parquet"));
        var steps = "- dedupe: { exclude: [id] }\n" + Cleaning;

        var a = await Pipeline.Load(EngineHarness.WritePipeline(fromFile, steps)).RunAsync(new RunOptions { Parallelism = parallelism, BatchSize = batchSize });
        var b = await EngineHarness.RunAsync(EngineHarness.WritePipeline(fromMemory, steps),
            new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)), parallelism, batchSize);

        a.Ledger.SourceRows.Should().Be(rows);
        a.Ledger.Steps[0].Dropped.Should().Be(b.Ledger.Steps[0].Dropped).And.BeGreaterThan(0);
        await SameFitAndOutputAsync(a, b);
    }

    /// <summary>The two runs fitted impute and normalize alike and wrote the same rows.</summary>
    private static async Task SameFitAndOutputAsync(RunResult a, RunResult b)
    {
        string Fit(RunResult r, string id) => r.Fit!.Steps.Single(s => s.Id == id).Fit.ToJsonString();
        Fit(a, "impute").Should().Be(Fit(b, "impute"));
        Fit(a, "normalize").Should().Be(Fit(b, "normalize"));
        var (_, written) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(a, "data"));
        var (_, expected) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(b, "data"));
        written.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Run_FinalPassReplaysTheDedupe_CopiesReusedAfterTheSinkWrites_SameBytesAsWithAReport(int parallelism)
    {
        // Without a report, the final pass's replay block copies the kept rows into arrays the sink gives
        // back once it has written them (PassExecutor.RecyclesReplayedRows); a report's taps read the
        // batches too, so with one every copy is new. The data must not tell the two apart.
        const int rows = 60_000, batchSize = 10_000;
        using var plain = new TempDirectory();
        using var reported = new TempDirectory();
        var steps = "- dedupe: { exclude: [id] }\n" + Cleaning;

        var a = await EngineHarness.RunAsync(EngineHarness.WritePipeline(plain, steps),
            new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)), parallelism, batchSize);
        var b = await EngineHarness.RunAsync(EngineHarness.WritePipeline(reported, steps, "report: { formats: [json] }"),
            new MemorySource(PeopleData.Schema, () => PeopleData.Batches(rows, batchSize)), parallelism, batchSize);

        a.Ledger.Steps[0].Dropped.Should().BePositive();
        string Data(RunResult r) => r.Manifest.Files.Single(f => f.Role == "data").Sha256;
        Data(a).Should().Be(Data(b));
        await SameFitAndOutputAsync(a, b);
    }

    [Fact]
    public async Task Explain_DedupeThenFittedStep_SaysTheAccumulatorsTakeTheKeptRows()
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }\n" + Cleaning))
            .CompileAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(10, 5)) });

        PlanRenderer.Text(plan).Should().Contain("accumulate impute + normalize (takes the rows 'dedupe' kept)");
    }

    /// <summary>The first row of each distinct (name, age, score, city): what the dedupe keeps.</summary>
    private static int[] Kept(int rows)
    {
        var seen = new HashSet<(string?, long?, double?, string?)>();
        return Enumerable.Range(0, rows).Where(i => PeopleData.Row(i) is var r && seen.Add((r.Name, r.Age, r.Score, r.City))).ToArray();
    }

    private static IEnumerable<RecordBatch> Batches(int rows, int[] kept, int batchSize)
    {
        var all = PeopleData.Batch(0, rows);
        for (var start = 0; start < kept.Length; start += batchSize)
            yield return ArrowTake.Take(all, kept.AsSpan(start, Math.Min(batchSize, kept.Length - start)));
    }
}
