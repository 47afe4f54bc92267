using Apache.Arrow;
using DataPrep.Reports;
using DataPrep.Reports.Profiling;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Reports;

public sealed class ReportStepEffectsTests
{
    private static MemorySource People(int rows, int batch = 128) => new(PeopleData.Schema, () => PeopleData.Batches(rows, batch));

    private static Dictionary<string, long> Cities(int rows) =>
        Enumerable.Range(0, rows).GroupBy(i => PeopleData.Row(i).City!).ToDictionary(g => g.Key, g => (long)g.Count());

    [Fact]
    public async Task RunAsync_Rebalance_ReportsExactClassCountsBeforeAndAfter()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- rebalance: { label: city, method: oversample, counts: { Oslo: 300, Lima: 250 } }", "report: { formats: [json, html, markdown] }");

        var result = await EngineHarness.RunAsync(path, People(1000));

        var balance = result.Report!.Steps.Single(s => s.Step == "rebalance").Effects!.ClassBalance!;
        balance.Label.Should().Be("city");
        balance.Before.ToDictionary(v => v.Value, v => v.Count).Should().Equal(Cities(1000));
        var after = balance.After.ToDictionary(v => v.Value, v => v.Count);
        after["Oslo"].Should().Be(300);
        after["Lima"].Should().Be(250);
        after.Should().Equal(result.Report.Sink!.Columns.Single(c => c.Name == "city").TopValues!.ToDictionary(v => v.Value, v => v.Count), "the sink holds what left the step");
        after.Values.Sum().Should().Be(result.Ledger.RowsWritten);
        // Made rows rebuild every column: each is compared as a distribution, with no per-row counts.
        var shifts = result.Report.Steps.Single(s => s.Step == "rebalance").Effects!.Columns.ToDictionary(c => c.Name);
        shifts.Keys.Should().BeEquivalentTo(PeopleData.Schema.FieldsList.Select(f => f.Name));
        var cities = Cities(1000).Keys.Order(StringComparer.Ordinal).ToList();
        var (p, q) = (cities.Select(c => Cities(1000)[c] / 1000.0).ToList(), cities.Select(c => after[c] / (double)after.Values.Sum()).ToList());
        shifts["city"].JensenShannon.Should().BeApproximately(DataPrep.Reports.DriftCalculator.JensenShannon(p, q), 1e-6, "the city column's shift is the class balance's");
        shifts["city"].JensenShannon.Should().BeGreaterThan(0);
        shifts["city"].ValuesChanged.Should().BeNull("the rows do not line up");
        var html = File.ReadAllText(Path.Combine(result.Plan.OutputRoot, result.Manifest.Files.Single(f => f.Path.EndsWith(".html", StringComparison.Ordinal)).Path));
        html.Should().Contain("class=\"chart balance\"").And.Contain("Class balance");
        var md = File.ReadAllText(Path.Combine(result.Plan.OutputRoot, result.Manifest.Files.Single(f => f.Path.EndsWith(".md", StringComparison.Ordinal)).Path));
        md.Should().Contain("| Oslo | " + Cities(1000)["Oslo"].ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " | 300 |");
    }

    [Fact]
    public async Task RunAsync_ReportLabel_CountsClassesAcrossAFilteringStep()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- validate: { rules: [ { column: age, not_null: true } ] }", "report: { formats: [json], label: city }");

        var result = await EngineHarness.RunAsync(path, People(700));

        var balance = result.Report!.Steps.Single(s => s.Step == "validate").Effects!.ClassBalance!;
        balance.Before.ToDictionary(v => v.Value, v => v.Count).Should().Equal(Cities(700));
        var kept = Enumerable.Range(0, 700).Where(i => PeopleData.Row(i).Age is not null).GroupBy(i => PeopleData.Row(i).City!).ToDictionary(g => g.Key, g => (long)g.Count());
        balance.After.ToDictionary(v => v.Value, v => v.Count).Should().Equal(kept);
        result.Report.Steps.Single(s => s.Step == "validate").Effects!.Columns.Should().BeEmpty("validate changes no column, so none is profiled");
    }

    [Fact]
    public async Task RunAsync_Normalize_ShowsShiftOnItsColumnOnly()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- normalize: { columns: { score: zscore } }", "report: { formats: [json] }");

        var result = await EngineHarness.RunAsync(path, People(1000));

        var effects = result.Report!.Steps.Single(s => s.Step == "normalize").Effects!;
        var score = effects.Columns.Should().ContainSingle("only the normalized column is profiled; the others pass through unchanged").Which;
        score.Name.Should().Be("score");
        score.Psi.Should().BeGreaterThan(1, "z-scores fall outside the input's deciles");
        score.JensenShannon.Should().BeGreaterThan(0.5);
        score.ValuesChanged.Should().Be(Enumerable.Range(0, 1000).Count(i => PeopleData.Row(i).Score is { } s && double.IsFinite(s)),
            "every finite score moves; NaN stays NaN");
        score.NullsFilled.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_ImputeAndOutliers_CountNullsFilledAndValuesClipped()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, """
            - impute: { columns: { age: median } }
            - outliers: { columns: { age: { method: iqr, action: clip } } }
            """, "report: { formats: [json] }");

        var result = await EngineHarness.RunAsync(path, People(1000));

        var ages = Enumerable.Range(0, 1000).Select(i => PeopleData.Row(i).Age).ToList();
        var impute = result.Report!.Steps.Single(s => s.Step == "impute").Effects!;
        impute.NullsFilled.Should().Be(ages.Count(a => a is null));
        var age = impute.Columns.Should().ContainSingle().Which;
        age.ValuesChanged.Should().Be(0, "impute only fills nulls");
        age.NullRateBefore.Should().BeApproximately(ages.Count(a => a is null) / 1000.0, 1e-12);
        age.NullRateAfter.Should().Be(0);
        age.Psi.Should().BeGreaterThan(0);
        var outliers = result.Report.Steps.Single(s => s.Step == "outliers").Effects!;
        outliers.OutliersHandled.Should().Be(ages.Count(a => a == 150), "the 150s are the only values outside the IQR fences");
        outliers.ValuesChanged.Should().Be(outliers.OutliersHandled);
    }

    [Theory]
    [InlineData("- dedupe: { exclude: [id] }")]
    [InlineData("- dedupe: { exclude: [id] }\n- impute: { columns: { age: mean } }")] // the final pass replays the dedupe
    public async Task RunAsync_Dedupe_ReportsRemovedRowsAndFirstClusters(string steps)
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, steps, "report: { formats: [json, html, markdown] }");

        var result = await EngineHarness.RunAsync(path, People(700));

        var effects = result.Report!.Steps.Single(s => s.Step == "dedupe").Effects!;
        effects.DuplicatesRemoved.Should().Be(result.Ledger.Steps[0].Dropped).And.BeGreaterThan(0);
        effects.DuplicateClusters.Should().HaveCount(5);
        // Row 6 repeats row 3 on every column but id: the first cluster keeps row 3 and removes row 6.
        effects.DuplicateClusters[0].Survivor.Should().Be("0:3");
        effects.DuplicateClusters[0].Removed.Should().StartWith("0:6");
        effects.DuplicateClusters.Sum(c => c.RemovedCount).Should().BeGreaterThanOrEqualTo(5);
        effects.DuplicateClusters.Select(c => c.Survivor).Should().BeInAscendingOrder(StringComparer.Ordinal.WithNaturalSort());
    }

    [Fact]
    public async Task RunAsync_StepEffectsOff_KeepsRemovalsButProfilesNoStepColumns()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- dedupe: { exclude: [id] }\n- normalize: { columns: { score: zscore } }", "report: { step_effects: false }");

        var result = await EngineHarness.RunAsync(path, People(700));

        var dedupe = result.Report!.Steps.Single(s => s.Step == "dedupe").Effects!;
        dedupe.DuplicatesRemoved.Should().Be(result.Ledger.Steps[0].Dropped).And.BeGreaterThan(0);
        dedupe.DuplicateClusters.Should().HaveCount(5);
        result.Report.Steps.Single(s => s.Step == "normalize").Effects.Should().BeNull("its column shift is what step_effects turns off");
        result.Report.Sink.Should().NotBeNull("the source and sink are still profiled");
    }

    [Fact]
    public void SameBuffers_RetainedColumn_IsSameAndRebuiltColumnIsNot()
    {
        using var batch = PeopleData.Batch(0, 50);
        var retained = DataPrep.Data.ArrowShare.Retain(batch.Column(2));
        var rebuilt = new Int64Array.Builder().AppendRange(Enumerable.Range(0, 50).Select(i => (long)i)).Build();

        StepEffectsCollector.SameBuffers(batch.Column(2), retained).Should().BeTrue();
        StepEffectsCollector.SameBuffers(batch.Column(2), rebuilt).Should().BeFalse();
        StepEffectsCollector.SameBuffers(batch.Column(2), ((Apache.Arrow.Array)batch.Column(2)).Slice(1, 10)).Should().BeFalse();
        retained.Dispose();
    }
}

internal static class NaturalSort
{
    /// <summary>Orders <c>file:row</c> identities by file, then row number.</summary>
    public static IComparer<string> WithNaturalSort(this StringComparer _) =>
        Comparer<string>.Create((a, b) => Key(a).CompareTo(Key(b)));

    private static (int, long) Key(string id) => (int.Parse(id.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(id.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
}
