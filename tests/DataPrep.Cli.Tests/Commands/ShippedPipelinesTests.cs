using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

/// <summary>Every pipeline the repository ships (pipelines/, examples/) validates and explains cleanly.</summary>
public sealed class ShippedPipelinesTests
{
    public static TheoryData<string> Pipelines()
    {
        var root = CliProcess.RepositoryRoot;
        var files = new[] { "pipelines", "examples" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || (f.EndsWith(".json", StringComparison.Ordinal) && Path.GetFileName(f).StartsWith("pipeline", StringComparison.Ordinal)))
            .Where(f => !File.ReadAllText(f).Contains("\napiVersion:", StringComparison.Ordinal)) // Kubernetes manifests (DeployExamplesTests)
            // Pipelines that need their host's custom steps or in-memory inputs are checked by that example's own test.
            .Where(f => !File.ReadLines(f).Take(5).Any(l => l.StartsWith("# host-only:", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Theory, MemberData(nameof(Pipelines))]
    public async Task ValidateAndExplain_ShippedPipeline_Succeed(string pipeline)
    {
        var (validate, _, validateError) = await CliProcess.RunAsync(CliProcess.RepositoryRoot, "validate", pipeline);
        validate.Should().Be(0, validateError);
        var (explain, plan, explainError) = await CliProcess.RunAsync(CliProcess.RepositoryRoot, "explain", pipeline);
        explain.Should().Be(0, explainError);
        plan.Should().Contain("pass");
    }
}
