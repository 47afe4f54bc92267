using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Encode;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Encode;

/// <summary>
/// Expected values are scikit-learn's for the same data, computed by hand: OneHotEncoder and
/// OrdinalEncoder order categories by sorted value (numbers numerically), so for
/// ["b", "a", "c", "a"] the categories are [a, b, c], one-hot rows are b → [0 1 0], a → [1 0 0],
/// c → [0 0 1], and ordinal codes are [1, 0, 2, 0].
/// </summary>
public sealed class EncodeStepTests
{
    private static readonly Schema Schema = new(
        [new Field("id", Int64Type.Default, false), new Field("cat", StringType.Default, true), new Field("n", Int64Type.Default, true), new Field("x", DoubleType.Default, true)], null);

    [Fact]
    public void OneHot_MatchesOneHotEncoder_AndNullIsAllZero()
    {
        var (rows, schema, _) = Run(new EncodeOptions { Columns = ["cat"], MaxCategories = 4 }, [Batch(["b", "a", "c", "a", null])]);

        schema.FieldsList.Select(f => f.Name).Should().Equal("id", "cat_0", "cat_1", "cat_2", "cat_3", "n", "x");
        rows.Select(r => r[1..5].Cast<double>().ToArray()).Should().BeEquivalentTo(new[]
        {
            new[] { 0.0, 1, 0, 0 }, [1.0, 0, 0, 0], [0.0, 0, 1, 0], [1.0, 0, 0, 0], [0.0, 0, 0, 0],
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Ordinal_MatchesOrdinalEncoder_NumbersSortNumerically()
    {
        var (rows, schema, _) = Run(new EncodeOptions { Columns = ["cat", "n"], Method = EncodeMethod.Ordinal }, [Batch(["b", "a", "c", "a"], [10, 9, 100, 9])]);

        schema.GetFieldByName("cat").DataType.Should().BeOfType<Int32Type>();
        rows.Select(r => r[1]).Should().Equal(1, 0, 2, 0);
        rows.Select(r => r[2]).Should().Equal(1, 0, 2, 0); // [9, 10, 100], not the text order [10, 100, 9]
    }

    [Fact]
    public void Fit_MinFrequencyAndMaxCategories_KeepTheMostFrequentInValueOrder()
    {
        var step = Step(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Ordinal, MinFrequency = 2, MaxCategories = 2, HandleUnknown = UnknownCategoryAction.Ignore });
        var (rows, _, _) = Run(step, [Batch(["d", "a", "b", "c", "a", "d", "b", "a"])]);

        // counts a 3, b 2, d 2, c 1: c is under min_frequency; b beats d on the tie; codes in value order [a, b].
        step.SaveFit()["columns"]!["cat"]!["categories"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("a", "b");
        rows.Select(r => r[1]).Should().Equal(null, 0, 1, null, 0, null, 1, 0);
    }

    [Fact]
    public void Unknown_Error_QuarantinesTheRowWithAReason()
    {
        var step = Fitted(new EncodeOptions { Columns = ["cat"] }, Batch(["a", "b"]));
        using var batch = Batch(["a", "zzz", null]);
        var context = TestContexts.For(batch);
        step.Apply(batch, context).Dispose();

        context.Dispositions().Should().ContainSingle(d => d.Row == 1 && d.Fate == RowFate.Quarantined && d.Code == "encode.unknown_category" && d.Message.Contains("'zzz'"));
        context.Counters.Should().BeEquivalentTo(new Dictionary<string, long> { ["encode.unknown.cat"] = 1 });
    }

    [Theory]
    [InlineData(UnknownCategoryAction.Ignore, new[] { 0.0, 0, 0 })]
    [InlineData(UnknownCategoryAction.Other, new[] { 0.0, 0, 1 })]
    public void Unknown_IgnoreOrOther_OneHot(UnknownCategoryAction action, double[] expected)
    {
        var step = Fitted(new EncodeOptions { Columns = ["cat"], MaxCategories = 2, HandleUnknown = action }, Batch(["a", "b"]));
        using var batch = Batch(["zzz"]);
        var context = TestContexts.For(batch);
        using var output = step.Apply(batch, context);

        context.Dispositions().Should().BeEmpty();
        var width = action == UnknownCategoryAction.Other ? 3 : 2;
        Enumerable.Range(1, width).Select(c => (double)ArrowValues.Get(output.Column(c), 0)!).Should().Equal(expected.Take(width));
    }

    [Fact]
    public void Unknown_Other_OrdinalCodeIsVocabularySize()
    {
        var (rows, _, _) = Run(Fitted(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Ordinal, HandleUnknown = UnknownCategoryAction.Other }, Batch(["a", "b"])), [Batch(["b", "q"])], fit: false);
        rows.Select(r => r[1]).Should().Equal(1, 2);
    }

    [Fact]
    public void LoadFit_SavedVocabulary_AppliesLikeTheFittedStep()
    {
        var options = new EncodeOptions { Columns = ["cat", "n"], Method = EncodeMethod.Ordinal, HandleUnknown = UnknownCategoryAction.Ignore };
        var fitted = Fitted(options, Batch(["x", "y", "z"], [3, 1, 2]));
        var json = System.Text.Json.Nodes.JsonNode.Parse(fitted.SaveFit().ToJsonString())!;
        var loaded = Step(options);
        loaded.LoadFit(json);

        var a = Run(fitted, [Batch(["z", "y", "w"], [1, 5, 3])], fit: false).Rows;
        var b = Run(loaded, [Batch(["z", "y", "w"], [1, 5, 3])], fit: false).Rows;
        b.Should().BeEquivalentTo(a, o => o.WithStrictOrdering());
        a.Select(r => r[1]).Should().Equal(2, 1, null);
    }

    [Fact]
    public void LoadFit_Mismatch_ThrowsFitArtifactException()
    {
        var json = Fitted(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Ordinal }, Batch(["a"])).SaveFit();

        var otherMethod = () => Step(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.OneHot }).LoadFit(json);
        otherMethod.Should().Throw<FitArtifactException>().WithMessage("*'ordinal'*'one_hot'*");
        var otherColumns = () => Step(new EncodeOptions { Columns = ["n"], Method = EncodeMethod.Ordinal }).LoadFit(json);
        otherColumns.Should().Throw<FitArtifactException>().WithMessage("*[cat]*[n]*");
        var tooMany = () => Step(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Ordinal, MaxCategories = 1 })
            .LoadFit(Fitted(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Ordinal }, Batch(["a", "b"])).SaveFit());
        tooMany.Should().Throw<FitArtifactException>().WithMessage("*max_categories*");
    }

    [Fact]
    public void Hashing_IsAMapStep_WithOneSignedFeaturePerValue()
    {
        var step = Step(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Hashing, NFeatures = 8 });
        step.Kind.Should().Be(StepKind.Map);
        step.HasReusableFit.Should().BeFalse();
        using var batch = Batch(["a", "b", "a", null]);
        using var output = step.Process(batch, TestContexts.For(batch));

        var rows = Enumerable.Range(0, 4).Select(r => Enumerable.Range(1, 8).Select(c => (double)ArrowValues.Get(output.Column(c), r)!).ToArray()).ToList();
        rows.Take(3).Should().OnlyContain(r => r.Count(v => v != 0) == 1 && Math.Abs(r.Sum()) == 1);
        rows[2].Should().Equal(rows[0]);
        rows[3].Should().OnlyContain(v => v == 0);
    }

    [Fact]
    public void Bind_FloatColumnOrNameClash_AreErrorsAtTheColumnOption()
    {
        var context = new BindContext();
        Step(new EncodeOptions { Columns = ["x"] }, context);
        context.Errors.Should().ContainSingle(e => e.Member == "columns[0]" && e.Code == "DP0460");

        var clash = new Schema([new Field("cat", StringType.Default, true), new Field("cat_h0", DoubleType.Default, true)], null);
        context = new BindContext();
        new EncodeStep(new EncodeOptions { Columns = ["cat"], Method = EncodeMethod.Hashing }, "e").Bind(clash, context);
        context.Errors.Should().ContainSingle(e => e.Member == "columns[0]" && e.Code == "DP0461");
    }

    private static EncodeStep Step(EncodeOptions options, BindContext? context = null)
    {
        var step = new EncodeStep(options, "e");
        step.Bind(Schema, context ?? new BindContext());
        return step;
    }

    private static EncodeStep Fitted(EncodeOptions options, RecordBatch data)
    {
        var step = Step(options);
        Run(step, [data]);
        return step;
    }

    private static (List<object?[]> Rows, Schema Schema, EncodeStep Step) Run(EncodeOptions options, IReadOnlyList<RecordBatch> batches) =>
        Run(Step(options), batches);

    private static (List<object?[]> Rows, Schema Schema, EncodeStep Step) Run(EncodeStep step, IReadOnlyList<RecordBatch> batches, bool fit = true)
    {
        if (fit)
        {
            var stats = step.CreateStatistics();
            foreach (var b in batches) step.Accumulate(stats, b, TestContexts.For(b));
            step.Fit(stats);
        }
        var rows = new List<object?[]>();
        Schema? schema = null;
        foreach (var b in batches)
        {
            using var output = step.Apply(b, TestContexts.For(b));
            schema = output.Schema;
            for (var r = 0; r < output.Length; r++) rows.Add(Enumerable.Range(0, output.ColumnCount).Select(c => ArrowValues.Get(output.Column(c), r)).ToArray());
        }
        return (rows, schema!, step);
    }

    private static RecordBatch Batch(string?[] cats, long?[]? numbers = null)
    {
        var id = new Int64Array.Builder();
        var cat = new StringArray.Builder();
        var n = new Int64Array.Builder();
        var x = new DoubleArray.Builder();
        for (var i = 0; i < cats.Length; i++)
        {
            id.Append(i);
            if (cats[i] is null) cat.AppendNull(); else cat.Append(cats[i]);
            if (numbers?[i] is { } v) n.Append(v); else n.AppendNull();
            x.Append(i);
        }
        return new RecordBatch(Schema, [id.Build(), cat.Build(), n.Build(), x.Build()], cats.Length);
    }
}
