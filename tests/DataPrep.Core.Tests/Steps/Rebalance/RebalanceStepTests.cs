using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Rebalance;

public sealed class RebalanceStepTests
{
    private const int Rows = 600;

    private static readonly List<Dictionary<string, object?>> Input = TableRun.Rows(ClassData.Batches(Rows, 1000));

    private static readonly Dictionary<string, int> Counts = Input.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());

    private static Task<TableRun.Output> RunAsync(TempDirectory dir, string step, int? parallelism = null, int batchSize = 64) =>
        TableRun.RunAsync(dir, step, ClassData.Schema, () => ClassData.Batches(Rows, batchSize), parallelism, batchSize);

    private static Dictionary<string, int> CountOf(TableRun.Output output) =>
        output.Rows.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());

    public static TheoryData<string, string> UndersampleStrategies() => new()
    {
        { "", "a=min b=min c=min" },
        { "classes: majority", "a=min b=b c=c" },
        { "classes: not_majority", "a=a b=min c=min" },
        { "ratio: 0.5", "a=min/0.5 b=min/0.5 c=c" },
        { "counts: { a: 100, b: 40 }", "a=100 b=40 c=c" },
    };

    [Theory, MemberData(nameof(UndersampleStrategies))]
    public async Task Undersample_Strategy_CountsExactlyAsAsked(string strategy, string expected)
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, $"- rebalance: {{ label: label, method: undersample{(strategy.Length > 0 ? ", " + strategy : "")} }}");

        CountOf(output).Should().BeEquivalentTo(Expected(expected, under: true));
        var dropped = output.Records("dropped");
        dropped.Should().HaveCount(Rows - output.Rows.Count).And.OnlyContain(r => (string)r[1]! == "rebalance.undersampled");
        output.Manifest.Ledger.Steps[0].Dropped.Should().Be(Rows - output.Rows.Count);
    }

    public static TheoryData<string, string> OversampleStrategies() => new()
    {
        { "", "a=a b=max c=max" },
        { "classes: minority", "a=a b=b c=max" },
        { "ratio: 0.5", "a=a b=max*0.5 c=max*0.5" },
        { "counts: { c: 301 }", "a=a b=b c=301" },
    };

    [Theory, MemberData(nameof(OversampleStrategies))]
    public async Task Oversample_Strategy_CountsExactAndRowsRepeatedEvenly(string strategy, string expected)
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, $"- rebalance: {{ label: label, method: oversample{(strategy.Length > 0 ? ", " + strategy : "")} }}");

        var counts = CountOf(output);
        counts.Should().BeEquivalentTo(Expected(expected, under: false));
        foreach (var (label, count) in counts)
        {
            // Each row of a grown class appears q or q + 1 times: copies spread as evenly as the count allows.
            var copies = output.Rows.Where(r => (string)r["label"]! == label).GroupBy(r => r["id"]).Select(g => g.Count()).ToList();
            copies.Should().HaveCount(Counts[label]);
            (copies.Max() - copies.Min()).Should().BeLessThanOrEqualTo(1);
        }
        var step = output.Manifest.Ledger.Steps[0];
        step.Synthesized.Should().Be(output.Rows.Count - Rows);
        (step.RowsIn + step.Synthesized).Should().Be(step.RowsOut + step.Quarantined + step.Dropped);
    }

    [Fact]
    public async Task OversampleWithJitter_PerturbsFeaturesOfMadeRowsOnly()
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, "- rebalance: { label: label, method: oversample, jitter: 0.2, features: [x1], synthetic_column: made }");

        var byId = Input.ToDictionary(r => (long)r["id"]!);
        var made = output.Rows.Where(r => (bool)r["made"]!).ToList();
        made.Should().NotBeEmpty();
        output.Rows.Where(r => !(bool)r["made"]!).Should().OnlyContain(r => (double)r["x1"]! == (double)byId[(long)r["id"]!]["x1"]!);
        made.Should().OnlyContain(r => (double)r["x2"]! == (double)byId[(long)r["id"]!]["x2"]!, "only the listed features move");
        var classStd = Input.Where(r => (string)r["label"]! == "c").Select(r => (double)r["x1"]!).ToArray();
        var std = Math.Sqrt(classStd.Select(x => Math.Pow(x - classStd.Average(), 2)).Average());
        var noise = made.Where(r => (string)r["label"]! == "c").Select(r => (double)r["x1"]! - (double)byId[(long)r["id"]!]["x1"]!).ToArray();
        noise.Should().OnlyContain(n => n != 0);
        Math.Sqrt(noise.Select(n => n * n).Average()).Should().BeInRange(0.2 * std * 0.7, 0.2 * std * 1.3);
    }

    [Fact]
    public async Task ClassWeight_AddsBalancedWeights_KeepsEveryRow()
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, "- rebalance: { label: label, method: class_weight }");

        output.Rows.Should().HaveCount(Rows);
        foreach (var row in output.Rows)
            ((double)row["class_weight"]!).Should().BeApproximately((double)Rows / (3 * Counts[(string)row["label"]!]), 1e-12);
    }

    [Fact]
    public async Task NullLabel_IsQuarantinedWithReason()
    {
        using var dir = new TempDirectory();
        var result = await TableRun.RunAsync(dir, "- rebalance: { label: label, method: undersample }", ClassData.Schema, () => ClassData.Batches(Rows, 64, nulls: true));

        var quarantined = result.Records("quarantine");
        quarantined.Should().NotBeEmpty().And.OnlyContain(r => (string)r[1]! == "rebalance.null_label");
        result.Rows.Should().OnlyContain(r => r["label"] != null);
    }

    [Fact]
    public async Task MadeRows_HaveOwnIdentities_SoALaterUndersampleIsExact()
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, "- rebalance: { label: label, method: oversample, counts: { c: 500 } }\n  id: up\n- rebalance: { label: label, counts: { c: 333 } }\n  id: down");

        CountOf(output)["c"].Should().Be(333);
    }

    [Theory]
    [InlineData("- rebalance: { label: label, method: smote, features: [x1, x2, x3], synthetic_column: made }")]
    [InlineData("- rebalance: { label: label, method: undersample, counts: { a: 123 } }")]
    [InlineData("- rebalance: { label: label, method: oversample, jitter: 0.5, classes: all, ratio: 0.8 }")]
    public async Task Output_IsTheSameAtAnyParallelismAndBatchSize(string step)
    {
        var hashes = new List<string>();
        foreach (var (parallelism, batch) in new[] { (1, 1000), (4, 7), (2, 64) })
        {
            using var dir = new TempDirectory();
            var output = await RunAsync(dir, step, parallelism, batch);
            hashes.Add(string.Join(",", output.Manifest.Files.Select(f => f.Sha256)));
        }
        hashes.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task UndersampleAskingForMoreRowsThanAClassHas_FailsNamingTheClass()
    {
        using var dir = new TempDirectory();
        var act = () => RunAsync(dir, "- rebalance: { label: label, method: undersample, counts: { c: 100000 } }");
        (await act.Should().ThrowAsync<Exception>()).Which.ToString().Should().Contain("class 'c'").And.Contain("undersampling only removes rows");
    }

    [Theory]
    [InlineData("- rebalance: { label: label, ratio: 1.5 }", DiagnosticCodes.RebalanceTarget)]
    [InlineData("- rebalance: { label: label, method: smote_nc }", DiagnosticCodes.RebalanceFeature)]
    [InlineData("- rebalance: { label: x1 }", DiagnosticCodes.RebalanceLabel)]
    [InlineData("- rebalance: { label: label, method: smote, features: [cat] }", DiagnosticCodes.RebalanceFeature)]
    [InlineData("- rebalance: { label: label, method: class_weight, weight_column: x1 }", DiagnosticCodes.DuplicateColumn)]
    public async Task BadOptions_ReportTheirCode(string step, string code)
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, step);
        var diagnostics = await EngineHarness.DiagnosticsAsync(path, ClassData.Schema);
        diagnostics.Should().Contain(d => d.Code == code && d.Location.Line == 6);
    }

    /// <summary>Parses "a=min b=max*0.5 c=c" against the input's class counts.</summary>
    private static Dictionary<string, int> Expected(string spec, bool under)
    {
        int min = Counts.Values.Min(), max = Counts.Values.Max();
        return spec.Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1] switch
        {
            "min" => min,
            "max" => max,
            "min/0.5" => Math.Min(Counts[p[0]], (int)Math.Floor(min / 0.5)),
            "max*0.5" => Math.Max(Counts[p[0]], (int)Math.Floor(max * 0.5)),
            var s when Counts.ContainsKey(s) => Counts[s],
            var s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
        });
    }
}
