using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Steps;
using DataPrep.Steps.Split;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Split;

public sealed class SplitStepTests
{
    private static Task<TableRun.Output> RunAsync(TempDirectory dir, string step, int rows = 1000, int? parallelism = null, int batchSize = 64, int[]? weights = null) =>
        TableRun.RunAsync(dir, step, ClassData.Schema, () => ClassData.Batches(rows, batchSize, weights: weights), parallelism, batchSize);

    public static TheoryData<double, double, double, int> Fractions() => new()
    {
        { 0.8, 0.1, 0.1, 1000 },
        { 0.7, 0.2, 0.1, 997 },
        { 0.6, 0.25, 0.15, 333 },
        { 0.5, 0.5, 0, 101 },
        { 1, 0, 0, 50 },
    };

    [Theory, MemberData(nameof(Fractions))]
    public async Task Stratified_EveryClassWithinOneRowOfItsShare_PerSplit(double train, double validation, double test, int rows)
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, $"- split: {{ key: [id], stratify_by: label, train: {train}, validation: {validation}, test: {test} }}", rows, weights: [60, 25, 10, 5]);

        output.Rows.Should().HaveCount(rows);
        var fractions = new Dictionary<string, double> { ["train"] = train, ["validation"] = validation, ["test"] = test };
        foreach (var cls in output.Rows.GroupBy(r => (string)r["label"]!))
        {
            var n = cls.Count();
            foreach (var (split, fraction) in fractions)
                Math.Abs(cls.Count(r => (string)r["split"]! == split) - fraction * n).Should().BeLessThanOrEqualTo(1, $"class {cls.Key}, {split}");
        }
    }

    [Theory]
    [InlineData("group_by: [grp]")]
    [InlineData("group_by: [grp, cluster]")]
    [InlineData("group_by: [grp, cluster], stratify_by: label")]
    [InlineData("group_by: [cluster]")]
    public async Task Groups_AndNearDuplicateClusters_NeverStraddleSplits(string options)
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, $"- split: {{ key: [id], {options}, train: 0.6, validation: 0.2, test: 0.2 }}");

        foreach (var column in new[] { "grp", "cluster" }.Where(options.Contains))
        {
            output.Rows.Where(r => r[column] is not null).GroupBy(r => r[column])
                .Should().OnlyContain(g => g.Select(r => r["split"]).Distinct().Count() == 1, $"every {column} stays in one split");
        }
        output.Rows.Select(r => r["split"]).Distinct().Should().HaveCount(3);
    }

    [Fact]
    public async Task NearDuplicateClustersFoundByDedupe_NeverStraddleSplits()
    {
        // Planted clusters of 3 near-identical texts (one character apart) among singletons; the
        // clusters are found by dedupe's near mode, not given: every cluster reaches the split as its
        // one survivor, so no cluster is in two splits, and every singleton reaches it too.
        using var dir = new TempDirectory();
        var schema = new Schema([new Field("id", Apache.Arrow.Types.Int64Type.Default, false), new Field("text", Apache.Arrow.Types.StringType.Default, false)], null);
        var random = new Random(4);
        string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => new string(Enumerable.Range(0, 7).Select(_ => (char)('a' + random.Next(26))).ToArray())));
        var texts = new List<(long Id, int Cluster, string Text)>();
        for (var c = 0; c < 150; c++)
        {
            var body = Words(14);
            for (var v = 0; v < 3; v++) texts.Add((texts.Count, c, body + " " + (char)('x' + v)));
        }
        for (var i = 0; i < 150; i++) texts.Add((texts.Count, -1, Words(14)));
        var shuffled = texts.OrderBy(_ => random.Next()).Select((t, i) => (Id: (long)i, t.Cluster, t.Text)).ToList();
        IEnumerable<RecordBatch> Batches() => shuffled.Chunk(64).Select(chunk => new RecordBatch(schema,
            [new Int64Array.Builder().AppendRange(chunk.Select(t => t.Id)).Build(), new StringArray.Builder().AppendRange(chunk.Select(t => t.Text)).Build()], chunk.Length));

        var output = await TableRun.RunAsync(dir, "- dedupe: { near: { column: text, threshold: 0.8 } }\n- split: { key: [id], train: 0.6, validation: 0.2, test: 0.2 }",
            schema, Batches, parallelism: 2, batchSize: 64);

        var clusterOf = shuffled.ToDictionary(t => t.Id, t => t.Cluster);
        var byCluster = output.Rows.Where(r => clusterOf[(long)r["id"]!] >= 0).GroupBy(r => clusterOf[(long)r["id"]!]).ToList();
        byCluster.Should().HaveCount(150, "every planted cluster keeps a survivor");
        byCluster.Should().OnlyContain(g => g.Select(r => r["split"]).Distinct().Count() == 1, "no near-duplicate cluster is in two splits");
        byCluster.Should().OnlyContain(g => g.Count() == 1, "dedupe found every planted cluster");
        output.Rows.Count(r => clusterOf[(long)r["id"]!] < 0).Should().Be(150, "singletons are nobody's near-duplicate");
        output.Records("dropped").Should().HaveCount(300);
        output.Rows.Select(r => r["split"]).Distinct().Should().HaveCount(3);
    }

    [Theory]
    [InlineData("key: [id]")]
    [InlineData("key: [id], group_by: [grp]")]
    [InlineData("")]
    public async Task Hash_AddingTenPercentRows_MovesNoExistingRow(string options)
    {
        using var before = new TempDirectory();
        using var after = new TempDirectory();
        var step = $"- split: {{ {options} }}".Replace("{  }", "{ train: 0.8 }", StringComparison.Ordinal);
        var first = await RunAsync(before, step, rows: 1000);
        var grown = await RunAsync(after, step, rows: 1100);

        var was = first.Rows.ToDictionary(r => (long)r["id"]!, r => r["split"]);
        grown.Rows.Where(r => (long)r["id"]! < 1000).Should().OnlyContain(r => Equals(was[(long)r["id"]!], r["split"]));
    }

    [Fact]
    public void Stratified_WithTheSavedFit_AddingTenPercentRowsMovesNoExistingRow()
    {
        var options = new SplitOptions { Key = ["id"], StratifyBy = "label", Train = 0.7, Validation = 0.2, Test = 0.1 };
        var fitted = Fitted(options, ClassData.Batches(1000, 100));
        var saved = JsonNode.Parse(fitted.SaveFit().ToJsonString())!;
        var before = Assign(fitted, ClassData.Batches(1000, 100));

        var reloaded = Bound(options);
        reloaded.LoadFit(saved);
        var grown = Assign(reloaded, ClassData.Batches(1100, 100));

        grown.Take(1000).Should().Equal(before);
        grown.Skip(1000).Distinct().Should().HaveCountGreaterThan(1, "new rows are split too");
    }

    [Fact]
    public void LoadFit_OfAnotherSplit_FailsSayingWhat()
    {
        var fitted = Fitted(new SplitOptions { Key = ["id"], StratifyBy = "label" }, ClassData.Batches(200, 100));
        var other = Bound(new SplitOptions { Key = ["id"], StratifyBy = "label", Train = 0.6, Validation = 0.2, Test = 0.2 });
        var act = () => other.LoadFit(fitted.SaveFit());
        act.Should().Throw<FitArtifactException>().WithMessage("*fractions*");
    }

    [Theory]
    [InlineData("key: [id], stratify_by: label, group_by: [grp, cluster]")]
    [InlineData("key: [id]")]
    public async Task Output_IsTheSameAtAnyParallelismAndBatchSize(string options)
    {
        var hashes = new List<string>();
        foreach (var (parallelism, batch) in new[] { (1, 1000), (4, 7), (2, 64) })
        {
            using var dir = new TempDirectory();
            var output = await RunAsync(dir, $"- split: {{ {options} }}", parallelism: parallelism, batchSize: batch);
            hashes.Add(string.Join(",", output.Manifest.Files.Select(f => f.Sha256)));
        }
        hashes.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task RebalanceAfterSplit_FitsOnTrainOnly_LeavesValidationAndTestAlone()
    {
        using var dir = new TempDirectory();
        var steps = "- split: { key: [id], stratify_by: label }\n- rebalance: { label: label, method: undersample }";
        var split = await RunAsync(dir, "- split: { key: [id], stratify_by: label }");
        using var dir2 = new TempDirectory();
        var output = await RunAsync(dir2, steps);

        var train = split.Rows.Where(r => (string)r["split"]! == "train").GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());
        output.Rows.Where(r => (string)r["split"]! == "train").GroupBy(r => r["label"]).Should().OnlyContain(g => g.Count() == train.Values.Min());
        output.Rows.Where(r => (string)r["split"]! != "train").Select(r => r["id"])
            .Should().Equal(split.Rows.Where(r => (string)r["split"]! != "train").Select(r => r["id"]));
    }

    [Fact]
    public async Task ClassWeightAfterSplit_UsesTrainCounts_ForEveryRow()
    {
        using var dir = new TempDirectory();
        var output = await RunAsync(dir, "- split: { key: [id], train: 0.5, validation: 0.25, test: 0.25 }\n- rebalance: { label: label, method: class_weight }");

        var train = output.Rows.Where(r => (string)r["split"]! == "train").ToList();
        var counts = train.GroupBy(r => (string)r["label"]!).ToDictionary(g => g.Key, g => g.Count());
        output.Rows.Should().OnlyContain(r => Math.Abs((double)r["class_weight"]! - (double)train.Count / (counts.Count * counts[(string)r["label"]!])) < 1e-12);
    }

    [Fact]
    public async Task Explain_SaysFittedStepsAfterASplitFitOnTrain()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- split: { key: [id], stratify_by: label }\n- rebalance: { label: label, method: smote, features: [x1, x2] }");
        var plan = await Pipeline.Load(path).CompileAsync(new RunOptions { Source = new MemorySource(ClassData.Schema, () => []) });

        var text = PlanRenderer.Text(plan);
        text.Should().Contain("rows:  fits on rows where split = 'train' (set by step 'split') only");
        plan.Steps[0].FitFilter.Should().BeNull("the split itself fits on every row");
        plan.Passes[1].Reason.Should().Contain("fits on rows where split = 'train'");
    }

    [Theory]
    [InlineData("- split: { train: 0.8, validation: 0.3, test: 0.1 }", DiagnosticCodes.SplitFractions)]
    [InlineData("- split: { train: -0.1, validation: 0.6, test: 0.5 }", DiagnosticCodes.SplitFractions)]
    [InlineData("- split: { column: label }", DiagnosticCodes.SplitColumn)]
    [InlineData("- split: { group_by: [nope] }", DiagnosticCodes.UnknownColumn)]
    public async Task BadOptions_ReportTheirCode(string step, string code)
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, step);
        var diagnostics = await EngineHarness.DiagnosticsAsync(path, ClassData.Schema);
        diagnostics.Should().Contain(d => d.Code == code && d.Location.Line == 6);
    }

    private static IFittedStep Bound(SplitOptions options)
    {
        StepRegistry.CreateDefault().TryGet("split", out var registration).Should().BeTrue();
        var step = (IFittedStep)registration.Create(options, "split");
        var context = new BindContext();
        step.Bind(ClassData.Schema, context);
        context.Errors.Should().BeEmpty();
        return step;
    }

    private static IFittedStep Fitted(SplitOptions options, IEnumerable<RecordBatch> batches)
    {
        var step = Bound(options);
        var merged = step.CreateStatistics();
        foreach (var batch in batches)
        {
            using (batch)
            {
                var s = step.CreateStatistics();
                step.Accumulate(s, batch, Context(batch));
                merged.Merge(s);
            }
        }
        step.Fit(merged);
        return step;
    }

    private static List<string> Assign(IFittedStep step, IEnumerable<RecordBatch> batches)
    {
        var splits = new List<string>();
        foreach (var batch in batches)
        {
            using (batch)
            using (var output = step.Apply(batch, Context(batch)))
            {
                var column = (StringArray)output.Column("split");
                for (var r = 0; r < output.Length; r++) splits.Add(column.GetString(r));
            }
        }
        return splits;
    }

    /// <summary>Row ids as the engine gives them: (file 0, row = id).</summary>
    private static BatchContext Context(RecordBatch batch)
    {
        var ids = (Int64Array)batch.Column("id");
        return new BatchContext(batch, Enumerable.Range(0, batch.Length).Select(i => new RowId(0, ids.GetValue(i)!.Value)).ToArray(), 7);
    }
}
