using DataPrep.Execution;
using DataPrep.Reports;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

/// <summary>
/// A dedupe right before a Parquet or Arrow sink has no compact block: the writer skips the removed
/// rows while it copies rows into its row groups (<see cref="DataPrep.IO.IRowTakingWriter"/>). The bytes
/// must be those of the plan that compacts first.
/// </summary>
public sealed class SinkTakesRowsTests
{
    private const string Dedupe = "- dedupe: { exclude: [id] }";
    // A map step after the dedupe that keeps every column: the compact block stays before it.
    private const string DedupeThenMap = "- dedupe: { exclude: [id] }\n- select: { columns: [id, name, age, score, city] }";

    private static string Pipeline(TempDirectory dir, string steps, string sink, string extra = "")
    {
        var path = EngineHarness.WritePipeline(dir, steps, extra);
        File.WriteAllText(path, File.ReadAllText(path).Replace("sink: { parquet: { path: out, row_group_size: 1000 } }", $"sink: {sink}", StringComparison.Ordinal));
        return path;
    }

    private static MemorySource People(int rows, int batch) => new(PeopleData.Schema, () => PeopleData.Batches(rows, batch));

    [Theory]
    [InlineData("{ parquet: { path: out, row_group_size: 1000 } }", true)]
    [InlineData("{ arrow: { path: out } }", true)]
    [InlineData("{ csv: { path: out } }", false)]
    [InlineData("{ parquet: { path: out, partition_by: city } }", false)]
    public async Task Plan_DedupeBeforeTheSink_LeavesTheCompactToWritersThatTakeRows(string sink, bool takes)
    {
        using var dir = new TempDirectory();
        var plan = await DataPrep.Pipeline.Load(Pipeline(dir, Dedupe, sink)).CompileAsync(new RunOptions { Source = People(10, 10) });

        var final = plan.Passes[^1].Blocks;
        final.Select(b => b.Role).Should().Equal(takes
            ? [BlockRole.Source, BlockRole.Prepare, BlockRole.Apply, BlockRole.Sink]
            : [BlockRole.Source, BlockRole.Prepare, BlockRole.Apply, BlockRole.Compact, BlockRole.Sink]);
        final[^1].Steps.Should().Equal(takes ? [0] : []);
        PlanRenderer.Text(plan).Contains("sink (takes the rows 'dedupe' kept)", StringComparison.Ordinal).Should().Be(takes);
    }

    [Theory]
    [InlineData("{ parquet: { path: out, row_group_size: 1000 } }", 1, 50)]
    [InlineData("{ parquet: { path: out, row_group_size: 1000 } }", 3, 64)]
    [InlineData("{ parquet: { path: out, row_group_size: 7 } }", 2, 333)]
    [InlineData("{ arrow: { path: out, batch_rows: 100 } }", 2, 64)]
    public async Task Run_SinkTakesTheKeptRows_SameBytesAsCompactingFirst(string sink, int parallelism, int batchSize)
    {
        using var taking = new TempDirectory();
        using var compacting = new TempDirectory();
        var taken = await EngineHarness.RunAsync(Pipeline(taking, Dedupe, sink), People(3000, batchSize), parallelism, batchSize);
        var compacted = await EngineHarness.RunAsync(Pipeline(compacting, DedupeThenMap, sink), People(3000, batchSize), parallelism, batchSize);

        taken.Plan.Passes[^1].Blocks.Should().NotContain(b => b.Role == BlockRole.Compact, "the case under test");
        compacted.Plan.Passes[^1].Blocks.Should().Contain(b => b.Role == BlockRole.Compact, "the reference it is compared with");
        taken.Ledger.Steps[0].Dropped.Should().Be(3000 / 7);
        taken.Ledger.RowsWritten.Should().Be(3000 - 3000 / 7);
        taken.Manifest.Files.Single(f => f.Role == "data").Rows.Should().Be(3000 - 3000 / 7);
        string Hashes(RunResult r) => string.Join(",", r.Manifest.Files.Where(f => f.Role is "data" or "dropped" or "quarantine")
            .OrderBy(f => f.Role).Select(f => $"{f.Role}={f.Sha256}"));
        Hashes(taken).Should().Be(Hashes(compacted));
    }

    [Fact]
    public async Task Run_WithAProfile_TheSinkProfileIsThatOfTheKeptRows()
    {
        using var taking = new TempDirectory();
        using var compacting = new TempDirectory();
        const string sink = "{ parquet: { path: out, row_group_size: 1000 } }";
        const string report = "report: { formats: [json] }";

        // Several threads: the profile merges batches in source order (ReportDeterminismTests), so the reports compare exactly.
        var taken = await EngineHarness.RunAsync(Pipeline(taking, Dedupe, sink, report), People(1000, 128), parallelism: 3);
        var compacted = await EngineHarness.RunAsync(Pipeline(compacting, DedupeThenMap, sink, report), People(1000, 128), parallelism: 3);

        taken.Plan.Passes[^1].Blocks.Should().NotContain(b => b.Role == BlockRole.Compact);
        var sinkTaken = Report(taken).Sink!;
        sinkTaken.Rows.Should().Be(1000 - 1000 / 7);
        sinkTaken.Columns.Should().BeEquivalentTo(Report(compacted).Sink!.Columns, "the profile sees the rows written, not the removed ones");
        sinkTaken.Columns.Single(c => c.Name == "age").Nulls.Should().BeLessThan(Report(taken).Source!.Columns.Single(c => c.Name == "age").Nulls,
            "the check above can fail: the source's profile counts the duplicates' nulls too");
    }

    [Fact]
    public async Task CollectAsync_APlanWhoseSinkTakesRows_DeliversOnlyTheKeptRows()
    {
        using var dir = new TempDirectory();
        var pipeline = DataPrep.Pipeline.Load(Pipeline(dir, Dedupe, "{ parquet: { path: out } }"));

        using var result = await pipeline.CollectAsync(new RunOptions { Source = People(3000, 64), Parallelism = 2 });

        result.Plan.Passes[^1].Blocks.Should().NotContain(b => b.Role == BlockRole.Compact, "the plan is the file sink's");
        result.RowCount.Should().Be(3000 - 3000 / 7);
        result.Ledger.RowsWritten.Should().Be(3000 - 3000 / 7);
    }

    [Fact]
    public async Task Run_AReportWithoutProfiles_WritesTheKeptRowsAndCountsTheDrops()
    {
        using var taking = new TempDirectory();
        using var compacting = new TempDirectory();
        const string sink = "{ parquet: { path: out, row_group_size: 1000 } }";

        var taken = await EngineHarness.RunAsync(Pipeline(taking, Dedupe, sink, "report: { profile: false, formats: [json] }"), People(3000, 64), parallelism: 2);
        var compacted = await EngineHarness.RunAsync(Pipeline(compacting, DedupeThenMap, sink), People(3000, 64), parallelism: 2);

        Report(taken).Steps.Single(s => s.Id == "dedupe").Dropped.Should().Be(3000 / 7);
        taken.Ledger.RowsWritten.Should().Be(3000 - 3000 / 7);
        taken.Manifest.Files.Single(f => f.Role == "data").Sha256.Should().Be(compacted.Manifest.Files.Single(f => f.Role == "data").Sha256);
    }

    private static QualityReport Report(RunResult result)
    {
        var json = result.Manifest.Files.Single(f => f.Path.EndsWith("report.json", StringComparison.Ordinal));
        return ReportJson.Deserialize(File.ReadAllText(Path.Combine(result.Plan.OutputRoot, json.Path)));
    }
}
