using System.Security.Cryptography;
using DataPrep.Commit;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

/// <summary>
/// The commit protocol under crashes: the CLI is killed at random points of a run, and after
/// each kill the output root must hold either the previous complete version or a new complete one
/// (every file the newest manifest lists exists with its checksum), and a rerun must succeed.
/// </summary>
public sealed class CommitKillTests
{
    [Fact]
    public Task KillAtRandomPoints_20Times_OutputAlwaysCompleteAndRerunSucceeds() => KillLoopAsync(20, seed: 1);

    [Fact, Trait("Category", "Long")]
    public Task KillAtRandomPoints_200Times_OutputAlwaysCompleteAndRerunSucceeds() => KillLoopAsync(200, seed: 2);

    private static async Task KillLoopAsync(int kills, int seed)
    {
        using var dir = new TempDirectory();
        WriteInput(dir.Combine("input.csv"), rows: 150_000);
        File.WriteAllText(dir.Combine("p.yaml"), """
            version: 1
            source: { csv: { path: input.csv } }
            steps:
              - validate: { rules: [ { column: amount, range: [0, 990] } ] }
              - dedupe: { exclude: [id] }
            sink: { parquet: { path: out, row_group_size: 20000 } }
            execution: { batch_size: 8192 }
            """);
        var root = dir.Combine("out");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "--quiet");
        exit.Should().Be(0, error);
        var duration = clock.Elapsed;
        var first = OutputRoot.ReadLatest(root)!;
        AssertComplete(root);

        var random = new Random(seed);
        var interrupted = 0;
        for (var i = 0; i < kills; i++)
        {
            using var process = CliProcess.Start(dir.Path, "run", "p.yaml", "--quiet");
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * duration.TotalMilliseconds * 1.1));
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* it had finished */ }
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) interrupted++;
            AssertComplete(root);
        }
        interrupted.Should().BeGreaterThan(kills / 4, "most kills must land while the run is still working, or the test proves nothing");

        (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml", "--quiet");
        exit.Should().Be(0, error);
        var last = OutputRoot.ReadLatest(root)!;
        AssertComplete(root);
        last.Version.Should().BeGreaterThan(first.Version);
        last.Files.Select(f => f.Sha256).Should().Equal(first.Files.Select(f => f.Sha256), "a rerun of the same inputs gives the same output");
    }

    private static void AssertComplete(string root)
    {
        var manifest = OutputRoot.ReadLatest(root);
        manifest.Should().NotBeNull("a complete version committed before the kills must survive them");
        foreach (var file in manifest!.Files)
        {
            var path = Path.Combine(root, file.Path);
            File.Exists(path).Should().BeTrue($"version {manifest.Version} lists {file.Path}");
            new FileInfo(path).Length.Should().Be(file.Bytes);
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))).Should().Be(file.Sha256);
        }
    }

    private static void WriteInput(string path, int rows)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("id,name,amount,city");
        for (var i = 0; i < rows; i++)
        {
            var j = i % 10 == 9 ? i - 5 : i;
            writer.WriteLine($"{i},customer {j % 5000},{j * 37 % 1000},city {j % 17}");
        }
    }
}
