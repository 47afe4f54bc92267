using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Dedupe;

/// <summary>
/// The engine's side of the key table's sizing: the inputs' row counts asked for when a dedupe applies
/// first (the first file past the 65,536-row sample, so the table is sized), and the output the same
/// with or without them.
/// </summary>
public sealed class DedupeRowCountHintTests
{
    private static MemorySource Source(bool counts) =>
        new(PeopleData.Schema, () => PeopleData.Batches(140_000, 7_000), () => PeopleData.Batches(20_000, 7_000))
        {
            RowCounts = counts ? [140_000, 20_000] : null,
        };

    [Fact]
    public async Task Run_DedupeFirst_AsksEachInputsRowCount_SameOutputWithAndWithout()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- dedupe: { keys: [name, city] }");
        var counted = Source(counts: true);
        var unknown = Source(counts: false);

        var withCounts = await EngineHarness.RunAsync(yaml, counted, batchSize: 7_000);
        var without = await EngineHarness.RunAsync(yaml, unknown, batchSize: 7_000);

        counted.CountCalls.Should().Be(2, "one question a file, in the one pass that applies the dedupe");
        (await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(withCounts, "data"))).Rows.Should()
            .Equal((await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(without, "data"))).Rows, (a, b) => a.SequenceEqual(b));
        withCounts.Ledger.RowsWritten.Should().BeLessThan(140_000, "the second file repeats the first");
    }

    [Fact]
    public async Task Run_DedupeNotFirst_AsksNothing()
    {
        using var dir = new TempDirectory();
        var yaml = EngineHarness.WritePipeline(dir, "- filter: { where: \"age > 10\" }\n- dedupe: { keys: [name, city] }");
        var source = Source(counts: true);

        await EngineHarness.RunAsync(yaml, source);

        source.CountCalls.Should().Be(0, "after a filter the first file's rows bound nothing the dedupe sees");
    }
}
