using DataPrep.Commit;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commit;

public sealed class RetentionTests
{
    private static readonly DateTimeOffset Night = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Apply_KeepOne_RemovesOldVersionsButKeepsFoldersTheNewestStillLists()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        var pipeline = Pipeline.Load(inputs.WritePipeline());
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        await pipeline.RunAsync();
        inputs.Write("a.csv", NightlyInputs.Range(0, 20), Night.AddDays(1)); // v2 replaces a's part: v1's folder is unused
        await pipeline.RunAsync();
        inputs.Write("b.csv", NightlyInputs.Range(100, 10), Night.AddDays(2)); // v3 carries v2's part over
        await pipeline.RunAsync();
        Directory.CreateDirectory(Path.Combine(inputs.Root, "_staging", "dead-run"));

        var removed = Retention.Apply(inputs.Root, keep: 1, window: null, DateTimeOffset.UtcNow);

        removed.Should().Equal(2, 1);
        RunHistory.Read(inputs.Root).Select(m => m.Version).Should().Equal(3);
        Directory.Exists(Path.Combine(inputs.Root, "v000001")).Should().BeFalse();
        Directory.Exists(Path.Combine(inputs.Root, "v000002")).Should().BeTrue("version 3 still lists a's part from version 2");
        Directory.EnumerateDirectories(Path.Combine(inputs.Root, "_staging")).Should().BeEmpty();
        (await inputs.OutputIdsAsync()).Should().BeEquivalentTo(inputs.ExpectedIds);
    }

    [Fact]
    public async Task Apply_Window_KeepsVersionsYoungerThanIt_AndNeverTheNewest()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        var pipeline = Pipeline.Load(inputs.WritePipeline());
        inputs.Write("a.csv", NightlyInputs.Range(0, 10), Night);
        await pipeline.RunAsync();
        await pipeline.RunAsync();

        Retention.Apply(inputs.Root, keep: 0, window: TimeSpan.FromDays(7), DateTimeOffset.UtcNow).Should().BeEmpty();
        Retention.Apply(inputs.Root, keep: 0, window: TimeSpan.Zero, DateTimeOffset.UtcNow.AddDays(30)).Should().Equal(1);
        RunHistory.Read(inputs.Root).Select(m => m.Version).Should().Equal(2);
    }
}
