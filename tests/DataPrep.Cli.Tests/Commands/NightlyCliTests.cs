using System.Diagnostics;
using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.IO;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

/// <summary>
/// Nightly refresh through the CLI, as a systemd timer or a CronJob would run it: a run killed
/// (SIGKILL) mid-write leaves its lease and staging behind, the next run takes the dead holder's
/// lease over and commits every row exactly once; a run that finds a live holder exits 75.
/// </summary>
public sealed class NightlyCliTests
{
    private const string PipelineYaml = """
        version: 1
        name: nightly
        source: { csv: { path: "in/*.csv", types: { id: int64, amount: int64 } } }
        steps:
          - validate: { rules: [ { column: amount, range: [0, 999] } ] }
        sink: { parquet: { path: out, row_group_size: 20000 } }
        refresh: { incremental: true }
        execution: { batch_size: 8192 }
        """;

    [Fact]
    public async Task Run_KilledMidWrite_NextRunTakesOverTheDeadLeaseAndEveryRowIsOnceInTheOutput()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("p.yaml"), PipelineYaml);
        Write(dir, "a.csv", 0, 1000);
        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "--quiet");
        exit.Should().Be(0, error);
        Write(dir, "b.csv", 1_000_000, 200_000);
        Write(dir, "c.csv", 2_000_000, 200_000);
        var root = dir.Combine("out");

        using (var process = CliProcess.Start(dir.Path, "run", "p.yaml", "--quiet"))
        {
            var staging = Path.Combine(root, "_staging");
            var guard = Stopwatch.StartNew();
            while (!Directory.EnumerateFiles(staging, "part-*", SearchOption.AllDirectories).Any() && !process.HasExited && guard.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(5);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        OutputRoot.ReadLatest(root)!.Version.Should().Be(1, "the kill must land mid-write, before the commit, or this proves nothing");
        WriterLease.Read(root).Should().NotBeNull("a killed run cannot release its lease");
        Directory.EnumerateDirectories(Path.Combine(root, "_staging")).Should().NotBeEmpty("a killed run leaves its staging folder");

        (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "--quiet");

        exit.Should().Be(0, error);
        var manifest = OutputRoot.ReadLatest(root)!;
        manifest.Version.Should().Be(2);
        manifest.Inputs.Where(i => i.ReadInVersion == 2).Select(i => Path.GetFileName(i.Path)).Should().BeEquivalentTo(["b.csv", "c.csv"]);
        var ids = await IdsAsync(root, manifest);
        ids.Should().HaveCount(401_000).And.OnlyHaveUniqueItems();
        ids.Min().Should().Be(0);
        ids.Max().Should().Be(2_199_999);
        Directory.EnumerateDirectories(Path.Combine(root, "_staging")).Should().BeEmpty();
        WriterLease.Read(root).Should().BeNull();
    }

    [Fact]
    public async Task Run_LeaseHeldByALiveRun_Exits75AndCommitsNothing()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("p.yaml"), PipelineYaml);
        Write(dir, "a.csv", 0, 10);
        Directory.CreateDirectory(dir.Combine("out"));
        using var holder = WriterLease.Acquire(dir.Combine("out"), TimeProvider.System, "a test holding the lease");

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "--quiet");

        exit.Should().Be(75);
        error.Should().Contain("another run holds the lease").And.Contain("a test holding the lease");
        OutputRoot.ReadLatest(dir.Combine("out")).Should().BeNull();
    }

    [Fact]
    public async Task RunsListAndShow_AfterTwoRuns_ShowHistoryFromTheManifests()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("p.yaml"), PipelineYaml);
        Write(dir, "a.csv", 0, 10);
        (await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "-q")).ExitCode.Should().Be(0);
        Write(dir, "b.csv", 100, 5);
        (await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "-q")).ExitCode.Should().Be(0);
        File.WriteAllLines(dir.Combine("in", "c.csv"), ["id,amount", "200,5000", "201,6000"]); // every row out of range: over the bad-row limit
        (await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "-q")).ExitCode.Should().Be(1);

        var (listExit, list, _) = await CliProcess.RunAsync(dir.Path, "runs", "list", "p.yaml");
        var (showExit, show, _) = await CliProcess.RunAsync(dir.Path, "runs", "show", "p.yaml", "2");
        var (pruneExit, prune, _) = await CliProcess.RunAsync(dir.Path, "runs", "prune", "p.yaml", "--keep", "1");

        listExit.Should().Be(0);
        list.Should().MatchRegex(@"failed .*: 2 of 2 rows were quarantined.*nothing was committed");
        list.Should().MatchRegex(@"│ 2\s+│ committed .*│ incremental │ 1\s+│ 5\s+│ 5 .*│ 15\s+│");
        list.Should().MatchRegex(@"│ 1\s+│ committed .*│ full\s+│ 1\s+│ 10\s+│ 10 .*│ 10\s+│");
        showExit.Should().Be(0);
        show.Should().Contain("refresh: incremental (new or changed inputs since version 1); inputs: 1 new, 0 changed, 0 removed, 1 carried over")
            .And.Contain("inputs read by this run (1 of 2)").And.Contain("b.csv");
        pruneExit.Should().Be(0);
        prune.Should().Contain("removed version(s) 1");
        RunHistory.Read(dir.Combine("out")).Select(m => m.Version).Should().Equal(2);
    }

    [Fact]
    public async Task Schedule_BadCron_Exits2()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("p.yaml"), PipelineYaml);
        Write(dir, "a.csv", 0, 10);

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "schedule", "p.yaml", "--cron", "nightly please");

        exit.Should().Be(2);
        error.Should().Contain("'nightly please' is not a cron expression");
    }

    private static void Write(TempDirectory dir, string name, long first, int rows)
    {
        Directory.CreateDirectory(dir.Combine("in"));
        using var writer = new StreamWriter(dir.Combine("in", name));
        writer.WriteLine("id,amount");
        for (var i = 0; i < rows; i++) writer.WriteLine($"{first + i},{(first + i) * 37 % 1000}");
    }

    private static async Task<List<long>> IdsAsync(string root, Manifest manifest)
    {
        var ids = new List<long>();
        foreach (var file in manifest.Files.Where(f => f.Role == "data"))
        {
            var path = Path.Combine(root, file.Path);
            var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = path } }, "/");
            await foreach (var chunk in source.ReadAsync(path, new ReadRequest(null, 65_536, 1), CancellationToken.None))
            {
                using var batch = chunk.Batch;
                var column = (Int64Array)batch.Column("id");
                for (var i = 0; i < column.Length; i++) ids.Add(column.GetValue(i)!.Value);
            }
        }
        return ids;
    }
}
