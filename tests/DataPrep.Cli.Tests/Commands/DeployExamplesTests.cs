using DataPrep.Cli;
using DataPrep.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace DataPrep.Tests.Commands;

/// <summary>
/// The schedules shipped in examples/ (docs/NIGHTLY.md) say what the CLI does: the exit codes they
/// act on are the CLI's, and the pipeline the Kubernetes manifest carries runs, twice, incrementally.
/// </summary>
public sealed class DeployExamplesTests
{
    private static string Example(params string[] parts) => Path.Combine([CliProcess.RepositoryRoot, "examples", .. parts]);

    [Fact]
    public void SystemdUnits_ActOnTheCliExitCodes()
    {
        var service = Ini(Example("nightly-systemd", "dataprep-nightly.service"));
        var timer = Ini(Example("nightly-systemd", "dataprep-nightly.timer"));

        service["Type"].Should().Be("oneshot");
        service["ExecStart"].Should().Contain("dataprep run ");
        service["SuccessExitStatus"].Should().Be(ExitCodes.LeaseHeld.ToString());
        service["RestartPreventExitStatus"].Split(' ').Should().BeEquivalentTo([ExitCodes.InvalidDefinition.ToString(), ExitCodes.Cancelled.ToString()]);
        timer["OnCalendar"].Should().Be("*-*-* 02:00:00 Europe/Berlin");
        timer["Persistent"].Should().Be("true", "a missed night is caught up once");
    }

    [Fact]
    public async Task KubernetesCronJob_ActsOnTheCliExitCodes_AndItsPipelineRunsIncrementally()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Example("nightly-kubernetes", "cronjob.yaml"))) stream.Load(reader);
        var docs = stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToDictionary(d => Scalar(d, "kind"));
        docs.Keys.Should().BeEquivalentTo(["ConfigMap", "PersistentVolumeClaim", "CronJob"]);
        var cron = Node(docs["CronJob"], "spec");
        Scalar(cron, "schedule").Should().Be("0 2 * * *");
        Scalar(cron, "timeZone").Should().Be("Europe/Berlin");
        Scalar(cron, "concurrencyPolicy").Should().Be("Forbid");
        var job = Node(Node(cron, "jobTemplate"), "spec");
        var rule = (YamlMappingNode)((YamlSequenceNode)Node(Node(job, "podFailurePolicy"), "rules")).Children[0];
        ((YamlSequenceNode)Node(Node(rule, "onExitCodes"), "values")).Children.Select(c => ((YamlScalarNode)c).Value)
            .Should().BeEquivalentTo([ExitCodes.InvalidDefinition.ToString(), ExitCodes.LeaseHeld.ToString()]);
        var container = (YamlMappingNode)((YamlSequenceNode)Node(Node(Node(job, "template"), "spec"), "containers")).Children[0];
        ((YamlSequenceNode)Node(container, "args")).Children.Select(c => ((YamlScalarNode)c).Value).Should().Equal("run", "/config/pipeline.yaml", "--quiet");

        // The ConfigMap's pipeline, with the volume mounted at a temporary folder.
        using var dir = new TempDirectory();
        var pipeline = Scalar(Node(docs["ConfigMap"], "data"), "pipeline.yaml").Replace("/data/", dir.Path + "/", StringComparison.Ordinal);
        File.WriteAllText(dir.Combine("pipeline.yaml"), pipeline);
        Directory.CreateDirectory(dir.Combine("landing"));
        File.Copy(Example("nightly-worker", "landing", "2026-01-01.csv"), dir.Combine("landing", "2026-01-01.csv"));
        var (first, _, error) = await CliProcess.RunAsync(dir.Path, "run", "pipeline.yaml", "--quiet");
        first.Should().Be(0, error);
        File.WriteAllLines(dir.Combine("landing", "2026-01-02.csv"), ["order_id,amount,country", "6,12.5,DE"]);
        var (second, output, error2) = await CliProcess.RunAsync(dir.Path, "run", "pipeline.yaml", "--quiet");
        second.Should().Be(0, error2);
        output.Should().Contain("refresh: incremental");
    }

    private static Dictionary<string, string> Ini(string path) =>
        File.ReadAllLines(path).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());

    private static YamlNode Node(YamlNode map, string key) => ((YamlMappingNode)map).Children[new YamlScalarNode(key)];

    private static string Scalar(YamlNode map, string key) => ((YamlScalarNode)Node(map, key)).Value!;
}
