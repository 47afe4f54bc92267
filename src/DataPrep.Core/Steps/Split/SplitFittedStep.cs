using System.Globalization;
using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Split;

/// <summary>
/// Stratified and/or multi-group split. Units (rows, or connected groups of rows) are ordered by
/// their hash position within their class, and each class is cut at exact counts (largest
/// remainder). The cuts are kept as positions, so applying them needs only a row's own hash; and a
/// saved fit applied to a grown dataset moves no existing row (docs/STEPS.md, split).
/// </summary>
internal sealed class SplitFittedStep(SplitOptions options, string id) : IFittedStep, ISplittingStep
{
    private readonly SplitAssigner _assigner = new(options);
    private Dictionary<UInt128, (UInt128 Train, UInt128 Validation)> _cuts = [];
    private Dictionary<(int Column, UInt128 Value), (ulong Position, UInt128 Class)> _units = [];
    private long _seed;
    private long _bytes;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    public string SplitColumn => options.Column;

    public string FitValue => SplitAssigner.Names[SplitAssigner.Train];

    public bool HasReusableFit => _assigner.Groups.Length == 0;

    public Schema Bind(Schema input, BindContext context) => _assigner.Bind(input, context);

    public string DescribeState() =>
        (_assigner.Groups.Length == 0
            ? "fit pass: a 64-bit position and a 128-bit class hash per row (24 bytes a row); apply: two cut positions per class"
            : "fit pass: per row its position, class and group values (about 25 + 20 x group columns bytes a row); apply: one entry per distinct group value")
        + (_bytes > 0 ? $"; last fit held {_bytes:N0} bytes" : "");

    public IStatistics CreateStatistics() => new SplitStatistics();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var s = (SplitStatistics)statistics;
        s.Seed = context.Seed;
        var keys = RowHasher.Hash(input, _assigner.Keys);
        var classes = Classes(input, s.Labels);
        var groupHashes = _assigner.Groups.Select(g => RowHasher.Hash(input, [g])).ToArray();
        for (var row = 0; row < input.Length; row++)
        {
            s.Positions.Add(SplitAssigner.Position(keys[row], context.Seed));
            s.Classes.Add(classes[row]);
            byte count = 0;
            for (var g = 0; g < groupHashes.Length; g++)
            {
                if (!input.Column(_assigner.Groups[g]).IsValid(row)) continue;
                s.Nodes.Add((g, groupHashes[g][row]));
                count++;
            }
            s.NodeCounts.Add(count);
        }
    }

    public void Fit(IStatistics merged)
    {
        var s = (SplitStatistics)merged;
        _seed = s.Seed;
        _bytes = s.Bytes;
        var units = SplitUnits.Build(s, _seed);
        _units = units.ByNode;
        _cuts = Cut(units.Units);
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var keys = RowHasher.Hash(input, _assigner.Keys);
        var classes = Classes(input, null);
        var groupHashes = _assigner.Groups.Select(g => RowHasher.Hash(input, [g])).ToArray();
        var codes = new byte[input.Length];
        for (var row = 0; row < codes.Length; row++)
        {
            var (position, cls) = (SplitAssigner.Position(keys[row], context.Seed), classes[row]);
            for (var g = 0; g < groupHashes.Length; g++)
            {
                if (!input.Column(_assigner.Groups[g]).IsValid(row)) continue;
                if (!_units.TryGetValue((g, groupHashes[g][row]), out var unit))
                    throw new InvalidDataException($"row {context.RowIdAt(row)} has a group value not seen in the fit pass: the input changed between passes; rerun");
                (position, cls) = unit;
                break;
            }
            // A class the fit never saw (new data under a saved fit) is split by the fractions alone.
            codes[row] = SplitAssigner.Assign(position, _cuts.TryGetValue(cls, out var cut) ? cut : _assigner.Bounds);
        }
        return _assigner.Append(input, codes);
    }

    public JsonNode SaveFit() => new JsonObject
    {
        ["method"] = "stratified_split",
        ["stratify_by"] = options.StratifyBy,
        ["key"] = new JsonArray(options.Key.Select(k => (JsonNode)k).ToArray()),
        ["fractions"] = new JsonArray(options.Train, options.Validation, options.Test),
        ["seed"] = _seed,
        ["cuts"] = new JsonObject(_cuts.OrderBy(c => c.Key).Select(c => KeyValuePair.Create(Hex(c.Key),
            (JsonNode?)new JsonArray(Hex(c.Value.Train), Hex(c.Value.Validation))))),
    };

    public void LoadFit(JsonNode fit)
    {
        if (fit["method"]?.GetValue<string>() != "stratified_split")
            throw new FitArtifactException($"step {Id}: the saved fit is not a stratified split");
        if (fit["stratify_by"]?.GetValue<string>() != options.StratifyBy)
            throw new FitArtifactException($"step {Id}: the saved split is stratified by '{fit["stratify_by"]}', this one by '{options.StratifyBy}'");
        var key = fit["key"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        if (!key.SequenceEqual(options.Key)) throw new FitArtifactException($"step {Id}: the saved split hashes key [{string.Join(", ", key)}], this one [{string.Join(", ", options.Key)}]");
        var fractions = fit["fractions"]!.AsArray().Select(f => f!.GetValue<double>()).ToArray();
        if (!fractions.SequenceEqual([options.Train, options.Validation, options.Test]))
            throw new FitArtifactException($"step {Id}: the saved split has fractions {string.Join("/", fractions)}, this one {options.Train}/{options.Validation}/{options.Test}");
        _seed = fit["seed"]!.GetValue<long>();
        _cuts = fit["cuts"]!.AsObject().ToDictionary(c => Parse(c.Key), c => (Parse(c.Value![0]!.GetValue<string>()), Parse(c.Value![1]!.GetValue<string>())));
    }

    /// <summary>Per class: units in position order, cut at the largest-remainder counts, as two position bounds.</summary>
    private Dictionary<UInt128, (UInt128, UInt128)> Cut(List<SplitUnits.Unit> units)
    {
        var cuts = new Dictionary<UInt128, (UInt128, UInt128)>();
        foreach (var byClass in units.GroupBy(u => u.Class))
        {
            var ordered = byClass.OrderBy(u => u.Position).ToList();
            var (train, validation) = Targets(ordered.Sum(u => (long)u.Rows));
            long cumulative = 0;
            UInt128 trainBound = 0, validationBound = 0;
            foreach (var unit in ordered)
            {
                // A unit goes where the running count still falls short; its bound then covers it.
                if (cumulative < train) trainBound = validationBound = (UInt128)unit.Position + 1;
                else if (cumulative < train + validation) validationBound = (UInt128)unit.Position + 1;
                cumulative += unit.Rows;
            }
            cuts[byClass.Key] = (trainBound, validationBound);
        }
        return cuts;
    }

    /// <summary>Exact counts for n rows: floor of each share, the rest to the largest remainders (ties: train, validation, test).</summary>
    internal (long Train, long Validation) Targets(long n)
    {
        double[] shares = [options.Train * n, options.Validation * n, options.Test * n];
        var counts = shares.Select(s => (long)Math.Floor(s)).ToArray();
        var rest = n - counts.Sum();
        foreach (var i in Enumerable.Range(0, 3).OrderByDescending(i => shares[i] - counts[i]).ThenBy(i => i).Take((int)rest)) counts[i]++;
        return (counts[0], counts[1]);
    }

    private UInt128[] Classes(RecordBatch input, Dictionary<UInt128, string>? labels)
    {
        if (_assigner.Label < 0) return new UInt128[input.Length];
        var hashes = RowHasher.Hash(input, [_assigner.Label]);
        if (labels is not null)
        {
            var column = input.Column(_assigner.Label);
            for (var row = 0; row < hashes.Length; row++)
            {
                if (!labels.ContainsKey(hashes[row])) labels[hashes[row]] = ArrowValues.Format(ArrowValues.Get(column, row));
            }
        }
        return hashes;
    }

    private static string Hex(UInt128 value) => value.ToString("x", CultureInfo.InvariantCulture);

    private static UInt128 Parse(string hex) => UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
