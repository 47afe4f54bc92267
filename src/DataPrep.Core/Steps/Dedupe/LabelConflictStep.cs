using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Exact dedupe with a label check. The fit pass counts, per (features, label), the rows and the
/// first and last row ids (mergeable in any order). <see cref="Fit"/> decides each feature group:
/// one label → an ordinary duplicate group; several → quarantined whole, or (keep_majority) the
/// most frequent label's rows stay and the others are dropped, a tie quarantining the group.
/// </summary>
internal sealed class LabelConflictStep(DedupeOptions options, string id) : IFittedStep
{
    private readonly LabelConflictOptions _check = options.LabelConflicts!;
    private int[] _features = [];
    private int _label = -1;
    private Dictionary<UInt128, Decision> _decisions = [];

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    public Schema Bind(Schema input, BindContext context)
    {
        _features = DedupeKeys.Resolve(options, input, context);
        if (context.RequireColumn(input, _check.Label, "label_conflicts.label") is not null)
        {
            _label = input.GetFieldIndex(_check.Label);
            var k = options.Keys.IndexOf(_check.Label);
            if (k >= 0) context.Error($"keys[{k}]", DiagnosticCodes.LabelColumnInKeys, $"'{_check.Label}' is the label; the keys are the features it is checked against");
        }
        return input;
    }

    public string DescribeState() =>
        "per distinct (features, label): two 128-bit hashes, a count and the first and last row ids (about 80 bytes); fitted in a first pass";

    public IStatistics CreateStatistics() => new Groups();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var groups = ((Groups)statistics).Rows;
        var features = RowHasher.Hash(input, _features);
        var labels = RowHasher.Hash(input, [_label]);
        for (var row = 0; row < input.Length; row++)
        {
            var packed = DedupeKeys.Pack(context.RowIdAt(row));
            var key = (features[row], labels[row]);
            groups[key] = groups.TryGetValue(key, out var g) ? g.With(packed) : new Group(1, packed, packed);
        }
    }

    public void Fit(IStatistics merged)
    {
        _decisions = [];
        foreach (var byFeatures in ((Groups)merged).Rows.GroupBy(g => g.Key.Features))
        {
            var labels = byFeatures.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Value.First).ToList();
            var first = labels.Min(l => l.Value.First);
            if (labels.Count == 1) { _decisions[byFeatures.Key] = new Decision(Fate.Clean, labels[0].Key.Label, Survivor(labels[0].Value), first); continue; }
            var tie = labels[0].Value.Count == labels[1].Value.Count;
            _decisions[byFeatures.Key] = _check.Action == LabelConflictAction.Quarantine || tie
                ? new Decision(Fate.Conflict, default, -1, first)
                : new Decision(Fate.Majority, labels[0].Key.Label, Survivor(labels[0].Value), first);
        }
    }

    private long Survivor(Group g) => options.Keep == KeepPolicy.First ? g.First : g.Last;

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var features = RowHasher.Hash(input, _features);
        var labels = RowHasher.Hash(input, [_label]);
        for (var row = 0; row < input.Length; row++)
        {
            var packed = DedupeKeys.Pack(context.RowIdAt(row));
            if (!_decisions.TryGetValue(features[row], out var d))
                throw new InvalidDataException($"row {context.RowIdAt(row)} was not seen in the fit pass: the input changed between passes; rerun");
            if (d.Fate != Fate.Clean && packed == d.FirstRow) context.Count("label_conflict.groups");
            if (d.Fate == Fate.Conflict)
            {
                context.Count("label_conflict.quarantined");
                context.Quarantine(row, "dedupe.label_conflict", $"rows with these features have different values of '{_check.Label}'");
                continue;
            }
            var survivor = DedupeKeys.Unpack(d.Survivor);
            if (labels[row] != d.Label)
            {
                context.Count("label_conflict.minority_dropped");
                context.Drop(row, "dedupe.label_minority", $"'{_check.Label}' differs from the majority label of rows with these features; kept row {survivor}", survivor);
            }
            else if (packed != d.Survivor)
            {
                context.Drop(row, "dedupe.duplicate", $"duplicate of row {survivor}", survivor);
            }
        }
        return input;
    }

    private enum Fate : byte { Clean, Conflict, Majority }

    private readonly record struct Decision(Fate Fate, UInt128 Label, long Survivor, long FirstRow);

    private readonly record struct Group(long Count, long First, long Last)
    {
        public Group With(long row) => new(Count + 1, Math.Min(First, row), Math.Max(Last, row));

        public Group Merge(Group o) => new(Count + o.Count, Math.Min(First, o.First), Math.Max(Last, o.Last));
    }

    private sealed class Groups : IStatistics
    {
        public Dictionary<(UInt128 Features, UInt128 Label), Group> Rows { get; } = [];

        public void Merge(IStatistics other)
        {
            foreach (var (key, g) in ((Groups)other).Rows)
                Rows[key] = Rows.TryGetValue(key, out var mine) ? mine.Merge(g) : g;
        }
    }
}
