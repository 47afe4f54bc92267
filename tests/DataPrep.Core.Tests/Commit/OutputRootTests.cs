using DataPrep.Commit;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commit;

public sealed class OutputRootTests
{
    [Fact]
    public void Publish_TwoRuns_VersionsCountUpAndOldFilesStay()
    {
        using var dir = new TempDirectory();
        var root = OutputRoot.Open(dir.Path);

        var first = Publish(root, "one");
        var second = Publish(root, "two");

        first.Version.Should().Be(1);
        second.Version.Should().Be(2);
        OutputRoot.ReadLatest(dir.Path)!.RunId.Should().Be("two");
        File.ReadAllText(dir.Combine("v000001", "data.txt")).Should().Be("one");
        Directory.EnumerateFileSystemEntries(dir.Combine("_staging")).Should().BeEmpty();
        Directory.EnumerateFiles(dir.Combine("_manifests"), "v*.json").Select(Path.GetFileName).Should().BeEquivalentTo("v000001.json", "v000002.json");
    }

    [Fact]
    public void Publish_UncommittedVersionFolderFromACrash_IsReplaced()
    {
        using var dir = new TempDirectory();
        var root = OutputRoot.Open(dir.Path);
        Publish(root, "one");
        Directory.CreateDirectory(dir.Combine("v000002"));
        File.WriteAllText(dir.Combine("v000002", "half.txt"), "crashed after the rename, before the manifest");

        var second = Publish(root, "two");

        second.Version.Should().Be(2);
        File.Exists(dir.Combine("v000002", "half.txt")).Should().BeFalse();
        File.ReadAllText(dir.Combine("v000002", "data.txt")).Should().Be("two");
    }

    [Fact]
    public void Publish_ManifestAlreadyThere_FailsWithoutOverwriting()
    {
        using var dir = new TempDirectory();
        var root = OutputRoot.Open(dir.Path);
        Publish(root, "one");
        // Another writer committed version 2 between our read of the latest version and our link.
        var staging = root.BeginStaging("late");
        File.WriteAllText(Path.Combine(staging, "data.txt"), "late");
        var act = () => root.Publish(staging, v =>
        {
            File.WriteAllText(dir.Combine("_manifests", $"v{v:D6}.json"), File.ReadAllText(dir.Combine("_manifests", "v000001.json")));
            return Manifest(v, "late");
        });

        act.Should().Throw<IOException>().WithMessage("*committed by another writer*");
        OutputRoot.ReadLatest(dir.Path)!.RunId.Should().Be("one");
    }

    [Fact]
    public async Task Publish_ConcurrentWriters_TakeTurnsAndEveryVersionHoldsItsOwnFiles()
    {
        using var dir = new TempDirectory();
        var root = OutputRoot.Open(dir.Path);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 10; i++) Publish(root, $"w{w}-{i}");
        })));

        var manifests = Directory.EnumerateFiles(dir.Combine("_manifests"), "v*.json").ToList();
        manifests.Should().HaveCount(40);
        foreach (var file in manifests)
        {
            var m = System.Text.Json.JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(file), DataPrep.Commit.Manifest.Json)!;
            File.ReadAllText(dir.Combine(OutputRoot.VersionFolder(m.Version), "data.txt")).Should().Be(m.RunId);
        }
    }

    private static Manifest Publish(OutputRoot root, string runId)
    {
        var staging = root.BeginStaging(runId);
        File.WriteAllText(Path.Combine(staging, "data.txt"), runId);
        return root.Publish(staging, v => Manifest(v, runId));
    }

    private static Manifest Manifest(int version, string runId) => new()
    {
        Version = version, RunId = runId, Pipeline = "p", CreatedUtc = DateTimeOffset.UnixEpoch, DefinitionSha256 = "", Seed = 0,
        DataPrepVersion = "0", Inputs = [], Schema = [], Files = [], Ledger = new LedgerRecord(0, 0, 0, 0, 0, []),
    };
}
