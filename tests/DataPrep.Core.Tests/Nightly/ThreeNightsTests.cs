using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.IO;
using DataPrep.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DataPrep.Tests.Nightly;

/// <summary>
/// The nightly-refresh proof (issue 7): three nights on a fake clock, files arriving and changing
/// between them, the second night's run stopped mid-write and leaving a lease and a staging
/// folder behind as a killed process would; the third night takes over and recovers. Afterwards
/// every input row is in the output exactly once, no input content was read twice, and each
/// manifest lists what it consumed.
/// </summary>
public sealed class ThreeNightsTests
{
    [Fact]
    public async Task ThreeNights_SecondKilledMidWrite_EveryRowOnceAndEachManifestListsWhatItRead()
    {
        using var dir = new TempDirectory();
        var inputs = new NightlyInputs(dir);
        var night = NextTwoAm(DateTimeOffset.UtcNow);
        var clock = new FakeTimeProvider(night);
        var pipeline = Pipeline.Load(inputs.WritePipeline());

        // Night 1: two files.
        inputs.Write("a.csv", NightlyInputs.Range(0, 300), night.AddHours(-5));
        inputs.Write("b.csv", NightlyInputs.Range(1000, 300), night.AddHours(-4));
        var first = (await pipeline.RunAsync(new RunOptions { Time = clock })).Manifest;
        first.Refresh!.Mode.Should().Be("full");
        Consumed(first).Should().BeEquivalentTo(["a.csv", "b.csv"]);

        // Day 2: c arrives, b is corrected (its old rows must go), and the run is stopped while writing.
        clock.Advance(TimeSpan.FromDays(1));
        night = clock.GetUtcNow();
        inputs.Write("c.csv", NightlyInputs.Range(2000, 300), night.AddHours(-6));
        inputs.Write("b.csv", NightlyInputs.Range(1000, 150).Concat(NightlyInputs.Range(1500, 50)), night.AddHours(-3));
        using (var kill = new CancellationTokenSource())
        {
            var source = new StopBeforeLastFile(Csv(pipeline), inputs.Root, kill);
            var killed = () => pipeline.RunAsync(new RunOptions { Time = clock, Source = source, BatchSize = 64 }, null, kill.Token);
            await killed.Should().ThrowAsync<OperationCanceledException>();
            source.SawPartInStaging.Should().BeTrue("the run must be stopped while it is writing parts, or this proves nothing");
        }
        OutputRoot.ReadLatest(inputs.Root)!.Version.Should().Be(1, "a run stopped mid-write commits nothing");
        RunHistory.Failures(inputs.Root).Should().ContainSingle().Which.Status.Should().Be("cancelled");
        // What a killed process leaves: its lease, never renewed again, and its staging folder.
        _ = WriterLease.Acquire(inputs.Root, new FakeTimeProvider(night), "killed run");
        Directory.CreateDirectory(Path.Combine(inputs.Root, "_staging", "killed-run", "data"));
        File.WriteAllText(Path.Combine(inputs.Root, "_staging", "killed-run", "data", "part-00000.parquet"), "half a file");
        File.SetLastWriteTimeUtc(Path.Combine(inputs.Root, "_staging", "killed-run"), night.UtcDateTime);

        // Day 3: d arrives; the night's run takes over the dead lease and recovers.
        clock.Advance(TimeSpan.FromDays(1));
        night = clock.GetUtcNow();
        inputs.Write("d.csv", NightlyInputs.Range(3000, 300), night.AddHours(-2));
        var third = (await pipeline.RunAsync(new RunOptions { Time = clock })).Manifest;

        third.Refresh!.Mode.Should().Be("incremental");
        third.Refresh.Should().BeEquivalentTo(new { Added = 2, Changed = 1, Removed = 0, Unchanged = 1 });
        Consumed(third).Should().BeEquivalentTo(["b.csv", "c.csv", "d.csv"], "a was read on night 1 and has not changed since");
        third.Inputs.Select(i => Path.GetFileName(i.Path)).Should().BeEquivalentTo(["a.csv", "b.csv", "c.csv", "d.csv"]);
        third.Watermark.Should().Be(night.AddHours(-2));
        third.Ledger.SourceRows.Should().Be(200 + 300 + 300, "only b (new content), c and d were read");

        var output = await inputs.OutputIdsAsync();
        output.Should().OnlyHaveUniqueItems("no row may be in the output twice");
        output.Should().BeEquivalentTo(inputs.ExpectedIds, "every row that arrived, and only the current content of b");
        var reads = RunHistory.Read(inputs.Root).SelectMany(m => m.Inputs.Where(i => i.ReadInVersion == m.Version).Select(i => (i.Path, i.Sha256)));
        reads.Should().OnlyHaveUniqueItems("no input content is processed twice");
        Directory.EnumerateFileSystemEntries(Path.Combine(inputs.Root, "_staging")).Should().BeEmpty("the killed run's staging folder is cleaned up");
        WriterLease.Read(inputs.Root).Should().BeNull("the recovering run released the lease it took over");

        // And the incremental result equals a full refresh of the same inputs.
        var full = (await pipeline.RunAsync(new RunOptions { Time = clock, FullRefresh = true })).Manifest;
        full.Refresh!.Should().BeEquivalentTo(new { Mode = "full", Reason = "asked for (--full-refresh)" });
        (await inputs.OutputIdsAsync()).Should().BeEquivalentTo(output);
    }

    internal static IEnumerable<string> Consumed(Manifest manifest) =>
        manifest.Inputs.Where(i => i.ReadInVersion == manifest.Version).Select(i => Path.GetFileName(i.Path));

    internal static DateTimeOffset NextTwoAm(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(2);

    internal static IBatchSource Csv(Pipeline pipeline) => Formats.CreateSource(pipeline.Definition.Source, pipeline.BaseDirectory);

    /// <summary>
    /// Reads through the real CSV source; before the last input of the run it waits until the sink
    /// has started a part file in staging, then cancels: the run dies in the middle of writing.
    /// </summary>
    private sealed class StopBeforeLastFile(IBatchSource inner, string root, CancellationTokenSource kill) : IBatchSource
    {
        private int _files;

        public bool SawPartInStaging { get; private set; }

        public IReadOnlyList<string> ResolveFiles() => inner.ResolveFiles();

        public Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken) => inner.ReadSchemaAsync(file, cancellationToken);

        public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (++_files == 2)
            {
                var staging = Path.Combine(root, "_staging");
                for (var i = 0; i < 500 && !SawPartInStaging; i++)
                {
                    SawPartInStaging = Directory.EnumerateFiles(staging, "part-*", SearchOption.AllDirectories).Any();
                    if (!SawPartInStaging) await Task.Delay(20, CancellationToken.None);
                }
                await kill.CancelAsync();
            }
            await foreach (var chunk in inner.ReadAsync(file, request, cancellationToken)) yield return chunk;
        }
    }
}
