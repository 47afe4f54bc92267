using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_FileWithThreeMistakes_ReportsAllThreeWithLinesAndCodesAndExits2()
    {
        using var dir = new TempDirectory();
        File.Copy(CliProcess.Penguins, dir.Combine("penguins.csv"));
        File.WriteAllText(dir.Combine("bad.yaml"), """
            version: 1
            source: { csv: { path: penguins.csv } }
            steps:
              - dedupe: { keep: sometimes }
              - validat: { rules: [] }
              - select: { columns: [Species], colums: [Island] }
            sink: { parquet: out }
            """);

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "validate", "bad.yaml");

        exit.Should().Be(2);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": error DP")).ToList();
        lines.Should().HaveCount(3, error);
        lines[0].Should().Match("*bad.yaml(4,*): error DP0104: steps[0].dedupe.keep: *sometimes*");
        lines[1].Should().Match("*bad.yaml(5,*): error DP0105: *validat*validate*");
        lines[2].Should().Match("*bad.yaml(6,*): error DP0101: steps[2].select.colums: *columns*");
    }

    [Fact]
    public async Task Validate_MissingColumn_ReportsLineBeforeReadingData()
    {
        using var dir = new TempDirectory();
        File.Copy(CliProcess.Penguins, dir.Combine("penguins.csv"));
        File.WriteAllText(dir.Combine("p.yaml"), """
            version: 1
            source: { csv: { path: penguins.csv } }
            steps:
              - dedupe: { keys: [Species, Beak] }
            sink: { parquet: out }
            """);

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "validate", "p.yaml");

        exit.Should().Be(2);
        error.Should().Contain("p.yaml(4,").And.Contain("error DP0201: steps[0].dedupe.keys[1]: column 'Beak' does not exist");
        Directory.Exists(dir.Combine("out")).Should().BeFalse("validation touches no output");
    }

    [Fact]
    public async Task Validate_Quickstart_IsValid()
    {
        var (exit, stdout, error) = await CliProcess.RunAsync(CliProcess.RepositoryRoot, "validate", "pipelines/quickstart.yaml");
        exit.Should().Be(0, error);
        stdout.Should().Contain("valid");
    }
}
