using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Dedupe;

public sealed class LabelConflictStepTests
{
    private static readonly Schema Schema = new(
        [new Field("id", Int64Type.Default, false), new Field("x", StringType.Default, true), new Field("y", Int64Type.Default, true), new Field("label", StringType.Default, true)], null);

    // Features (x, y); label. Group a/1: labels cat, dog, cat (conflict, cat majority); group b/2: cat, cat (plain duplicate);
    // group c/3: dog, cat (a tie); group d/4: alone.
    private static readonly (string X, long Y, string Label)[] Rows =
        [("a", 1, "cat"), ("b", 2, "cat"), ("a", 1, "dog"), ("c", 3, "dog"), ("a", 1, "cat"), ("b", 2, "cat"), ("c", 3, "cat"), ("d", 4, "dog")];

    [Fact]
    public void Apply_Quarantine_RoutesEveryRowOfAConflictingGroup()
    {
        var results = Run(LabelConflictAction.Quarantine, KeepPolicy.First);
        var context = results[0].Context;

        context.Dispositions().Where(d => d.Fate == RowFate.Quarantined).Select(d => d.Row).Should().Equal(0, 2, 3, 4, 6);
        context.Dispositions().Should().OnlyContain(d => d.Fate == RowFate.Quarantined ? d.Code == "dedupe.label_conflict" : d.Code == "dedupe.duplicate");
        context.Dispositions().Single(d => d.Fate == RowFate.Dropped).Should().Match<RowDisposition>(d => d.Row == 5 && d.Survivor == new RowId(0, 1));
        context.Counters.Should().BeEquivalentTo(new Dictionary<string, long> { ["label_conflict.groups"] = 2, ["label_conflict.quarantined"] = 5 });
    }

    [Fact]
    public void Apply_KeepMajority_KeepsOneRowOfTheMajorityLabelAndQuarantinesTies()
    {
        var context = Run(LabelConflictAction.KeepMajority, KeepPolicy.Last)[0].Context;

        var byRow = context.Dispositions().ToDictionary(d => d.Row);
        byRow.Keys.Should().BeEquivalentTo([0, 1, 2, 3, 6]);
        byRow[0].Should().Match<RowDisposition>(d => d.Code == "dedupe.duplicate" && d.Survivor == new RowId(0, 4)); // keep last of the cat rows
        byRow[2].Should().Match<RowDisposition>(d => d.Code == "dedupe.label_minority" && d.Fate == RowFate.Dropped && d.Survivor == new RowId(0, 4));
        byRow[1].Code.Should().Be("dedupe.duplicate");
        byRow[3].Code.Should().Be("dedupe.label_conflict"); // the tie
        byRow[6].Code.Should().Be("dedupe.label_conflict");
        context.Counters.Should().BeEquivalentTo(new Dictionary<string, long>
        {
            ["label_conflict.groups"] = 2, ["label_conflict.quarantined"] = 2, ["label_conflict.minority_dropped"] = 1,
        });
    }

    [Fact]
    public void Bind_LabelAmongKeys_IsAnError()
    {
        var context = new BindContext();
        new LabelConflictStep(new DedupeOptions { Keys = ["x", "label"], LabelConflicts = new LabelConflictOptions { Label = "label" } }, "d").Bind(Schema, context);
        context.Errors.Should().ContainSingle(e => e.Member == "keys[1]" && e.Code == "DP0451");
    }

    [Fact]
    public void Fit_SplitIntoBatches_SameDecisions()
    {
        var one = Run(LabelConflictAction.KeepMajority, KeepPolicy.First).SelectMany(r => r.Context.Dispositions().Select(d => $"{r.Context.RowIdAt(d.Row)} {d.Code} {d.Survivor}"));
        var many = Run(LabelConflictAction.KeepMajority, KeepPolicy.First, 3).SelectMany(r => r.Context.Dispositions().Select(d => $"{r.Context.RowIdAt(d.Row)} {d.Code} {d.Survivor}"));
        many.Should().Equal(one);
    }

    private static List<(BatchContext Context, RecordBatch Output)> Run(LabelConflictAction action, KeepPolicy keep, int batchSize = 100)
    {
        var step = new LabelConflictStep(new DedupeOptions { Exclude = ["id"], Keep = keep, LabelConflicts = new LabelConflictOptions { Label = "label", Action = action } }, "d");
        var batches = Rows.Chunk(batchSize).Select((chunk, c) =>
        {
            var id = new Int64Array.Builder();
            var x = new StringArray.Builder();
            var y = new Int64Array.Builder();
            var label = new StringArray.Builder();
            for (var i = 0; i < chunk.Length; i++) { id.Append(c * batchSize + i); x.Append(chunk[i].X); y.Append(chunk[i].Y); label.Append(chunk[i].Label); }
            return new RecordBatch(Schema, [id.Build(), x.Build(), y.Build(), label.Build()], chunk.Length);
        }).ToList();
        return FittedRunner.Run(step, batches);
    }
}
