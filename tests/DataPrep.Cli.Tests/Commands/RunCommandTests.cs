using System.Text.Json;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_Quickstart_CommitsParquetQuarantineAndManifest()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("pipelines"));
        Directory.CreateDirectory(dir.Combine("data", "penguins"));
        File.Copy(Path.Combine(CliProcess.RepositoryRoot, "pipelines", "quickstart.yaml"), dir.Combine("pipelines", "quickstart.yaml"));
        File.Copy(CliProcess.Penguins, dir.Combine("data", "penguins", "penguins.csv"));

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "run", "pipelines/quickstart.yaml");

        exit.Should().Be(0, error);
        stdout.Should().Contain("committed version 1");
        var manifestPath = dir.Combine("out", "quickstart", "_manifests", "v000001.json");
        File.Exists(manifestPath).Should().BeTrue();
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var files = manifest.RootElement.GetProperty("files").EnumerateArray()
            .Where(f => f.GetProperty("role").GetString() != "report")
            .ToDictionary(f => f.GetProperty("role").GetString()!, f => f.GetProperty("rows").GetInt64());
        files["data"].Should().Be(342, "two birds without measurements are quarantined");
        files["quarantine"].Should().Be(2);
        var ledger = manifest.RootElement.GetProperty("ledger");
        ledger.GetProperty("source_rows").GetInt64().Should().Be(344);

        var sexes = await CliProcess.ReadStringsAsync(dir.Combine("out", "quickstart", "v000001", "data", "part-00000.parquet"), "sex");
        sexes.Should().HaveCount(342).And.NotContain(".");
        sexes.Count(s => s is null).Should().Be(8 + 1, "the sex '.' is repaired to null; 8 kept rows had none recorded (the 2 quarantined birds had none either)");
    }


    [Fact]
    public async Task Run_OutputInsideInput_Exits2AndTouchesNothing()
    {
        using var dir = new TempDirectory();
        CliProcess.CopyPenguins(dir, "a.csv");
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: raw }\nsink: { parquet: raw/clean }\n");

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(2);
        error.Should().Contain("error DP0301");
        Directory.Exists(dir.Combine("raw", "clean")).Should().BeFalse();
    }

    [Fact]
    public async Task Run_MissingInput_Exits2WithClearError()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { parquet: \"nothing/*.parquet\" }\nsink: { parquet: out }\n");

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(2);
        error.Should().Contain("p.yaml(2,").And.Contain("error DP0203").And.Contain("nothing/*.parquet");
    }

    [Fact]
    public async Task Run_UnwritableOutput_Exits1AndCommitsNothing()
    {
        using var dir = UnwritableOutput();

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(1);
        error.Should().Contain("cannot be written").And.NotContain("   at ", "the stack is printed only when asked for");
    }

    /// <summary>A folder with <c>p.yaml</c>, whose output root's parent is a file: the run fails with exit 1 at the sink.</summary>
    private static TempDirectory UnwritableOutput()
    {
        var dir = new TempDirectory();
        File.Copy(CliProcess.Penguins, dir.Combine("a.csv"));
        File.WriteAllText(dir.Combine("blocker"), "a file where the output root's parent should be");
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: a.csv }\nsink: { parquet: blocker/out }\n");
        return dir;
    }

    [Fact]
    public async Task Run_FailedWithTraceVariable_AlsoPrintsTheExceptionAndItsStack()
    {
        using var dir = UnwritableOutput();

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, new Dictionary<string, string> { ["DATAPREP_TRACE"] = "1" }, "run", "p.yaml");

        exit.Should().Be(1);
        error.Should().Contain("error: ").And.Contain("cannot be written")
            .And.MatchRegex(@"\w+Exception: ", "the exception's type is named")
            .And.Contain("   at DataPrep.", "with the stack of the code that threw")
            .And.Contain("nothing was committed");
    }

    [Fact]
    public async Task Run_UnreadableInputFile_IsQuarantinedUnderTheLimit()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("raw"));
        for (var i = 0; i < 30; i++) File.Copy(CliProcess.Penguins, dir.Combine("raw", $"part-{i:D2}.csv"));
        File.WriteAllText(dir.Combine("raw", "part-99.csv"), "Species,Island\n\"unterminated,quote\n");
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: raw }\nsink: { parquet: out }\nquarantine: { max_bad_fraction: 0.05 }\n");

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(0, error);
        stdout.Should().Contain("1 input file(s) could not be read");
    }

    [Fact]
    public async Task Run_SeveralCsvFiles_ParseIntoTheFirstFilesTypesAndQuarantineOnlyBadLines()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("raw"));
        File.WriteAllText(dir.Combine("raw", "a.csv"), "id,amount\n1,10\n2,20\n");
        // On its own this file would infer amount as string; the run reads it as int64, line by line.
        File.WriteAllText(dir.Combine("raw", "b.csv"), "id,amount\n3,30\n4,lots\n5,50\n");
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: raw }\nsink: { parquet: out }\nquarantine: { max_bad_fraction: 0.5 }\n");

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(0, error);
        stdout.Should().Contain("4 rows written, 1 quarantined");
        using var manifest = JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "_manifests", "v000001.json")));
        manifest.RootElement.GetProperty("ledger").GetProperty("files_unreadable").GetInt64().Should().Be(0);
        var lines = await CliProcess.ReadStringsAsync(dir.Combine("out", "v000001", "quarantine.parquet"), "message");
        lines.Should().ContainSingle().Which.Should().Contain("amount").And.Contain("lots");
    }

    [Fact]
    public async Task Run_FileFailingPartWay_KeepsRowsReadAndNamesWhereReadingStopped()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("a.csv"), "id,name\n1,a\n2,b\n3,c\n4,d\n5,e\n6,\"never closed\n");
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: { path: a.csv, infer_rows: 2 } }\nsink: { parquet: out }\nquarantine: { max_bad_fraction: 1 }\nexecution: { batch_size: 2 }\n");

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");

        exit.Should().Be(0, error);
        stdout.Should().Contain("4 rows written");
        var codes = await CliProcess.ReadStringsAsync(dir.Combine("out", "v000001", "quarantine.parquet"), "reason_code");
        codes.Should().Equal("source.truncated");
        var messages = await CliProcess.ReadStringsAsync(dir.Combine("out", "v000001", "quarantine.parquet"), "message");
        messages[0].Should().Contain("rows 0 to 3 were read");
    }

    [Fact]
    public async Task Explain_Quickstart_PrintsPassesBlocksAndState()
    {
        var (exit, stdout, error) = await CliProcess.RunAsync(CliProcess.RepositoryRoot, "explain", "pipelines/quickstart.yaml");
        exit.Should().Be(0, error);
        stdout.Should().Contain("pass 1").And.Contain("[apply").And.Contain("degree 1").And.Contain("state:");

        var (mermaidExit, mermaid, _) = await CliProcess.RunAsync(CliProcess.RepositoryRoot, "explain", "pipelines/quickstart.yaml", "--format", "mermaid");
        mermaidExit.Should().Be(0);
        mermaid.Should().StartWith("flowchart LR").And.Contain("-->");
    }
}
