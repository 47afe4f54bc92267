using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;
using DataPrep.Tests.Support;
using Xunit.Abstractions;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class NearDuplicateStepTests(ITestOutputHelper output)
{
    private static NearDuplicateStep Step(NearDuplicateOptions near) => new(new DedupeOptions { Near = near }, "near");

    [Fact]
    public void Fit_PlantedCorpus_PrecisionAndRecallMeetTheBar()
    {
        var corpus = new NearDuplicateCorpus(bases: 1500, duplicates: 400, distractors: 400);
        var results = FittedRunner.Run(Step(new NearDuplicateOptions { Column = "txt" }), corpus.Batches(256));

        var (truePositives, dropped) = (0, 0);
        foreach (var d in results.SelectMany(r => r.Context.Dispositions()).Where(d => d.Fate == RowFate.Dropped))
        {
            dropped++;
            var row = DisposedRow(results, d);
            if (corpus.Group[row] == corpus.Group[(int)d.Survivor!.Value.Row]) truePositives++;
        }
        var precision = dropped == 0 ? 1 : (double)truePositives / dropped;
        var recall = (double)truePositives / corpus.PlantedDuplicates;
        output.WriteLine($"{corpus.Texts.Length} rows, {corpus.PlantedDuplicates} planted duplicates (Jaccard >= {corpus.MinPlanted:F3}), " +
            $"distractors up to Jaccard {corpus.MaxDistractor:F3}: dropped {dropped}, precision {precision:F4}, recall {recall:F4}");
        corpus.MinPlanted.Should().BeGreaterThanOrEqualTo(0.8);
        corpus.MaxDistractor.Should().BeLessThan(0.5);
        precision.Should().BeGreaterThanOrEqualTo(0.99);
        recall.Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Fit_BatchSize_DoesNotChangeTheDecisions()
    {
        var corpus = new NearDuplicateCorpus(bases: 300, duplicates: 100, distractors: 50, seed: 3);
        var drops = new[] { 1000, 37 }.Select(size => FittedRunner.Run(Step(new NearDuplicateOptions { Column = "txt" }), corpus.Batches(size))
            .SelectMany(r => r.Context.Dispositions().Select(d => $"{DisposedRow(r, d)}->{d.Survivor}")).ToList()).ToList();
        drops[0].Should().NotBeEmpty();
        drops[1].Should().Equal(drops[0]);
    }

    [Theory]
    [InlineData(true, 24)]
    [InlineData(false, 24)]
    [InlineData(true, 7)]
    public void Fit_Parallelism_DoesNotChangeTheDecisions(bool verify, int bands)
    {
        // Small rows per band make big, overlapping buckets, where the order of joins matters.
        var corpus = new NearDuplicateCorpus(bases: 400, duplicates: 150, distractors: 150, seed: 11);
        var near = new NearDuplicateOptions { Column = "txt", Verify = verify, Bands = bands, Rows = 2 };
        var drops = new[] { 1, 2, 3, 4 }.Select(p => FittedRunner.Run(Step(near), corpus.Batches(100), p)
            .SelectMany(r => r.Context.Dispositions().Select(d => $"{DisposedRow(r, d)}->{d.Survivor}")).ToList()).ToList();

        drops[0].Should().NotBeEmpty();
        NearClusters.LastWork.Comparisons.Should().BeGreaterThan(verify ? 0 : -1);
        foreach (var other in drops.Skip(1)) other.Should().Equal(drops[0]);
    }

    [Theory]
    [InlineData(NearKeepPolicy.First, 0)]
    [InlineData(NearKeepPolicy.Last, 3)]
    [InlineData(NearKeepPolicy.Longest, 2)]
    [InlineData(NearKeepPolicy.Shortest, 1)]
    public void Apply_KeepPolicy_PicksTheSurvivorAndNamesIt(NearKeepPolicy keep, int survivor)
    {
        const string text = "the quick brown fox jumps over the lazy dog near the river bank today";
        using var batch = Texts(text, text[..^2], text + "!!", text, "something else entirely, nothing alike at all");
        var results = FittedRunner.Run(Step(new NearDuplicateOptions { Column = "txt", Keep = keep }), [batch]);

        var context = results[0].Context;
        var dropped = context.Dispositions().Select(d => d.Row).ToList();
        dropped.Should().BeEquivalentTo(new[] { 0, 1, 2, 3 }.Where(r => r != survivor));
        context.Dispositions().Should().OnlyContain(d => d.Code == "dedupe.near_duplicate" && d.Survivor == new RowId(0, survivor));
        context.Dispositions()[0].Message.Should().Contain($"0:{survivor}").And.Contain("cluster of 4");
    }

    [Fact]
    public void Apply_CountsClustersBySizeAtTheSurvivor()
    {
        const string a = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        const string b = "one two three four five six seven eight nine ten eleven";
        using var batch = Texts(a, b, a, b, a, "unrelated words only here", null, "");
        var context = FittedRunner.Run(Step(new NearDuplicateOptions { Column = "txt" }), [batch])[0].Context;

        context.Counters.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["near_duplicate.clusters"] = 2,
            ["near_duplicate.cluster_size.2"] = 1,
            ["near_duplicate.cluster_size.3-4"] = 1,
        });
        context.Dispositions().Select(d => d.Row).Should().Equal(2, 3, 4);
    }

    [Fact]
    public void Apply_NormalizationOff_CaseAndSpacingMatter()
    {
        const string text = "Some Text With Mixed Case And Enough Words To Shingle";
        var on = FittedRunner.Run(Step(new NearDuplicateOptions { Column = "txt" }), [Texts(text, text.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal))]);
        var off = FittedRunner.Run(Step(new NearDuplicateOptions
        {
            Column = "txt",
            Normalize = new TextNormalizationOptions { Lowercase = false, CollapseWhitespace = false, Nfkc = false },
        }), [Texts(text, text.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal))]);

        on[0].Context.Dispositions().Should().ContainSingle();
        off[0].Context.Dispositions().Should().BeEmpty();
    }

    [Fact]
    public void Shingles_Nfkc_FoldsFullWidthAndLigatures()
    {
        var shingles = new TextShingles(new NearDuplicateOptions { Column = "txt" });
        shingles.Normalized(Encoding.UTF8.GetBytes("  Ｈｅｌｌｏ \t ﬁne\n WORLD ")).Should().Be("hello fine world");
    }

    [Fact]
    public void Shingles_Words_IgnoreSpacingAndCountWordGrams()
    {
        var options = new NearDuplicateOptions { Column = "txt", Shingle = ShingleKind.Word, N = 2, Normalize = new TextNormalizationOptions { CollapseWhitespace = false } };
        var a = new TextShingles(options).Hash(Encoding.UTF8.GetBytes("a b  c d")).ToArray();
        var b = new TextShingles(options).Hash(Encoding.UTF8.GetBytes(" a   b c\td")).ToArray();
        a.Should().HaveCount(3).And.Equal(b);
    }

    [Fact]
    public void Signature_Vector_EqualsScalarReference()
    {
        var hasher = new MinHasher(7, 3); // 21 values: two full vectors and a padded remainder
        var state = 99UL;
        for (var trial = 0; trial < 200; trial++)
        {
            var shingles = Enumerable.Range(0, 1 + trial % 50).Select(_ => state = state * 6364136223846793005UL + 1442695040888963407UL).ToArray();
            var fast = hasher.NewBuffer();
            var reference = hasher.NewBuffer();
            hasher.Signature(shingles, fast);
            reference.AsSpan().Fill(uint.MaxValue);
            hasher.SignatureScalar(shingles, reference);
            fast.Should().Equal(reference);
        }
    }

    [Fact]
    public void Jaccard_SortedSets_IsExact()
    {
        NearClusters.Jaccard([1, 2, 3, 4], [2, 3, 4, 5]).Should().Be(3.0 / 5);
        NearClusters.Jaccard([], [1]).Should().Be(0);
    }

    [Fact]
    public void DescribeState_StatesThresholdAndBytesPerRow()
    {
        var step = Step(new NearDuplicateOptions { Column = "txt", Bands = 16, Rows = 8 });
        step.DescribeState().Should().Contain("0.707").And.Contain($"{8 + 4 + 8 * 16 + 4} bytes per row");
    }

    [Fact]
    public void Bind_NonStringColumn_ReportsTheNearColumn()
    {
        var context = new BindContext();
        Step(new NearDuplicateOptions { Column = "id" }).Bind(NearDuplicateCorpus.Schema, context);
        context.Errors.Should().ContainSingle(e => e.Member == "near.column" && e.Code == "DP0450");
    }

    [Theory]
    [InlineData(2, "2")]
    [InlineData(3, "3-4")]
    [InlineData(4, "3-4")]
    [InlineData(5, "5-8")]
    [InlineData(100, "65-128")]
    public void SizeBucket_PowersOfTwo(int size, string bucket) => NearDuplicateStep.SizeBucket(size).Should().Be(bucket);

    private static int DisposedRow(IReadOnlyList<(BatchContext Context, RecordBatch Output)> results, RowDisposition d)
    {
        var r = results.Single(x => x.Context.Dispositions().Contains(d));
        return (int)r.Context.RowIdAt(d.Row).Row;
    }

    private static int DisposedRow((BatchContext Context, RecordBatch Output) r, RowDisposition d) => (int)r.Context.RowIdAt(d.Row).Row;

    private static RecordBatch Texts(params string?[] texts)
    {
        var id = new Int64Array.Builder();
        var txt = new StringArray.Builder();
        for (var i = 0; i < texts.Length; i++)
        {
            id.Append(i);
            if (texts[i] is null) txt.AppendNull(); else txt.Append(texts[i]);
        }
        return new RecordBatch(NearDuplicateCorpus.Schema, [id.Build(), txt.Build()], texts.Length);
    }
}
