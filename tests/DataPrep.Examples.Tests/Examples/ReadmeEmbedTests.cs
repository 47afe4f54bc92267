using System.Diagnostics;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Examples;

/// <summary>The README's "Embed it" section is true: its program is examples/embed-quickstart, verbatim, and prints what the README says.</summary>
public sealed class ReadmeEmbedTests
{
    private static string Readme => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));

    private static string ProgramText => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "embed-quickstart", "Program.cs")).TrimEnd('\n');

    [Fact]
    public void Readme_EmbedSection_HoldsTheCompiledProgramVerbatim()
    {
        Readme.Should().Contain("```csharp\n" + ProgramText + "\n```", "the README shows examples/embed-quickstart/Program.cs as it is compiled");
    }

    [Fact]
    public async Task EmbedQuickstart_Run_PrintsWhatTheReadmeSays()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(RepositoryFiles.Root, "examples", "embed-quickstart", "people.csv"), dir.Combine("people.csv"));
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EmbedQuickstart.dll"));
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await stderr);
        var last = (await stdout).TrimEnd().Split('\n')[^1];
        last.Should().Be("version 1: 2 rows written, 1 quarantined, 2 dropped");
        Readme.Should().Contain($"`{last}`");
        File.Exists(dir.Combine("out", "adults", "v000001", "quarantine.parquet")).Should().BeTrue();
    }
}
