using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using DataPrep.Tests.Support;
using Xunit.Abstractions;

namespace DataPrep.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> gives installable packages: the libraries with README, licence, XML docs and
/// symbols, and the CLI as a .NET tool that installs from the local folder alone and runs the quickstart.
/// Packs the already-built binaries (<c>--no-build</c>), so it costs no build; each step runs a real
/// process (timings go to the test output), and the installed tool must be this very build.
/// </summary>
public sealed class PackageTests(ITestOutputHelper output)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task Pack_LibrariesAndTool_InstallFromTheFolderAndRunTheQuickstart()
    {
        using var dir = new TempDirectory();
        var feed = dir.Combine("feed");
        var root = CliProcess.RepositoryRoot;
        foreach (var project in new[] { "src/DataPrep.Core", "src/DataPrep.DataFrame", "src/DataPrep.Cli" })
            await RunAsync(root, "dotnet", "pack", project, "--no-build", "-c", Configuration, "-o", feed, "-nologo");
        Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Should().BeEquivalentTo(
            ["DataPrep.Core.0.1.0.nupkg", "DataPrep.DataFrame.0.1.0.nupkg", "dataprep.0.1.0.nupkg"], "the feed starts empty: every package here was packed now");

        var core = Read(Path.Combine(feed, "DataPrep.Core.0.1.0.nupkg"));
        core.Entries.Should().Contain(["lib/net10.0/DataPrep.Core.dll", "lib/net10.0/DataPrep.Core.xml", "README.md", "LICENSE"]);
        core.Nuspec.Descendants().Should().Contain(e => e.Name.LocalName == "license" && e.Value == "LICENSE");
        core.Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value)
            .Should().Contain(["Apache.Arrow", "Microsoft.Extensions.Logging.Abstractions"]);
        Read(Path.Combine(feed, "DataPrep.Core.0.1.0.snupkg")).Entries.Should().Contain("lib/net10.0/DataPrep.Core.pdb");
        Read(Path.Combine(feed, "DataPrep.DataFrame.0.1.0.nupkg")).Nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).Should().Contain(["DataPrep.Core", "Microsoft.Data.Analysis"]);
        File.Exists(Path.Combine(feed, "DataPrep.DataFrame.0.1.0.snupkg")).Should().BeTrue();
        var tool = Read(Path.Combine(feed, "dataprep.0.1.0.nupkg"));
        tool.Entries.Should().Contain(["tools/net10.0/any/dataprep.dll", "tools/net10.0/any/DotnetToolSettings.xml"])
            .And.NotContain(e => e.Contains("/runtimes/") && e.EndsWith(".pdb"), "native libraries' symbols (SkiaSharp: ~95 MB a runtime) stay out of the tool");

        // Only the local folder as a source: the tool must come from what was just packed, never
        // from a package of the same name elsewhere. A tool package carries its dependencies.
        var config = dir.Combine("nuget.config");
        File.WriteAllText(config, $"""<?xml version="1.0" encoding="utf-8"?><configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>""");
        var tools = dir.Combine("tools");
        await RunAsync(dir.Path, "dotnet", "tool", "install", "--tool-path", tools, "--configfile", config, "--version", "0.1.0", "dataprep");
        var dataprep = Path.Combine(tools, "dataprep");
        Directory.Exists(Path.Combine(tools, ".store", "dataprep", "0.1.0")).Should().BeTrue("the tool is unpacked from the local package");

        // The informational version carries the commit: the installed tool is the build just packed, not an older one.
        var built = FileVersionInfo.GetVersionInfo(CliProcess.Dll).ProductVersion;
        built.Should().StartWith("0.1.0");
        (await RunAsync(dir.Path, dataprep, "--version")).Trim().Should().Be(built);

        var work = dir.Combine("work");
        Directory.CreateDirectory(Path.Combine(work, "pipelines"));
        Directory.CreateDirectory(Path.Combine(work, "data", "penguins"));
        File.Copy(Path.Combine(root, "pipelines", "quickstart.yaml"), Path.Combine(work, "pipelines", "quickstart.yaml"));
        File.Copy(CliProcess.Penguins, Path.Combine(work, "data", "penguins", "penguins.csv"));
        await RunAsync(work, dataprep, "run", "pipelines/quickstart.yaml", "--quiet");
        var manifest = Directory.GetFiles(Path.Combine(work, "out", "quickstart", "_manifests"), "v*.json").Should().ContainSingle().Subject;
        ((long)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!["ledger"]!["rows_written"]!).Should().Be(342, "the quickstart ran over the penguins");
    }

    private static (IReadOnlyList<string> Entries, XDocument Nuspec) Read(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec?.Open();
        return (zip.Entries.Select(e => e.FullName).ToList(), stream is null ? new XDocument() : XDocument.Load(stream));
    }

    private async Task<string> RunAsync(string workingDirectory, string file, params string[] args)
    {
        var started = Stopwatch.GetTimestamp();
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, $"{file} {string.Join(' ', args)} failed:\n{await stdout}\n{await stderr}");
        output.WriteLine($"{Stopwatch.GetElapsedTime(started).TotalSeconds,6:F1} s  {Path.GetFileName(file)} {string.Join(' ', args.Take(3))}");
        return await stdout;
    }
}
