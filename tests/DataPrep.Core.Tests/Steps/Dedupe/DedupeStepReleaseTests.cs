using DataPrep.Steps.Dedupe;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Dedupe;

/// <summary>
/// A keep-last dedupe's fitted table (native memory) is freed when the run ends, however the run
/// was made: the result and its plan, which a caller may keep, describe the run without holding it.
/// </summary>
public sealed class DedupeStepReleaseTests
{
    private const string KeepLast = "- dedupe: { exclude: [id], keep: last }";

    [Fact]
    public async Task RunAsync_KeepLast_TableFreedWhenTheRunEnds()
    {
        using var dir = new TempDirectory();

        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, KeepLast), new MemorySource(PeopleData.Schema, () => PeopleData.Batches(700, 64)));

        result.Ledger.Steps[0].Dropped.Should().BePositive("the table was fitted and used");
        ((DedupeLastStep)result.Plan.Steps[0].Step).TableBytes.Should().Be(0);
    }

    [Fact]
    public async Task CollectAsync_KeepLast_TableFreedWhenTheRunEnds()
    {
        var pipeline = Pipeline.Create("release")
            .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(700, 64)))
            .Step(new DedupeOptions { Exclude = ["id"], Keep = KeepPolicy.Last })
            .ToMemory().Build();

        using var collected = await pipeline.CollectAsync();

        collected.RowCount.Should().BeLessThan(700);
        ((DedupeLastStep)collected.Plan.Steps[0].Step).TableBytes.Should().Be(0);
    }
}
