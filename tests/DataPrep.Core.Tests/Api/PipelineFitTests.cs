using System.Security.Cryptography;
using DataPrep.Definition;
using DataPrep.Steps.Normalize;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Api;

/// <summary><c>RunOptions.SaveFitPath</c> / <c>FitPath</c> through the library (<c>--save-fit</c> / <c>--fit</c>).</summary>
public sealed class PipelineFitTests
{
    [Fact]
    public async Task RunAsync_WithFit_AppliesItInOnePassAndRecordsTheHashOfItsBytes()
    {
        using var dir = new TempDirectory();
        var fit = dir.Combine("fit.json");
        await Build(dir.Combine("train")).RunAsync(new RunOptions { SaveFitPath = fit });

        var result = await Build(dir.Combine("apply")).RunAsync(new RunOptions { FitPath = fit });

        result.Plan.Passes.Should().ContainSingle("the statistics come from the artifact: no fit pass");
        result.Manifest.FitSha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(fit))));
    }

    [Fact]
    public async Task RunAsync_FitFileMissing_DefinitionErrorNamingTheFile()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nowhere.fit.json");

        var run = () => Build(dir.Combine("out")).RunAsync(new RunOptions { FitPath = missing });

        var error = (await run.Should().ThrowAsync<DefinitionException>()).Which;
        error.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.FitUnreadable && d.Message.Contains(missing));
    }

    [Fact]
    public async Task RunAsync_FitFileNotAnArtifact_DefinitionErrorNamingFileAndPlace()
    {
        using var dir = new TempDirectory();
        var bad = dir.Combine("bad.fit.json");
        await File.WriteAllTextAsync(bad, "{\n  \"format\": ");

        var run = () => Build(dir.Combine("out")).RunAsync(new RunOptions { FitPath = bad });

        var error = (await run.Should().ThrowAsync<DefinitionException>()).Which;
        error.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d => d.Code == DiagnosticCodes.FitUnreadable && d.Message.StartsWith(bad + "(") && d.Message.Contains("not a fit artifact"));
    }

    private static Pipeline Build(string output) => Pipeline.Create("fit-" + Path.GetFileName(output))
        .From(BatchSource.FromBatches(PeopleData.Schema, PeopleData.Batches(300, 64)))
        .Step(new NormalizeOptions { Columns = new() { ["score"] = new NormalizeColumn() } })
        .ToParquet(output).Build();
}
