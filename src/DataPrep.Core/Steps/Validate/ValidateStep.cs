using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Validate;

/// <summary>
/// Checks every rule on every row. A map step, unless a rule is <c>unique</c>: then it keeps the
/// keys it has seen and runs in order at degree 1 (hashing still runs in parallel).
/// </summary>
internal sealed class ValidateStep(ValidateOptions options, string id) : IMapStep, ISequentialStep
{
    private readonly Dictionary<UInt128, long>[] _seen = options.Rules.Select(_ => new Dictionary<UInt128, long>()).ToArray();
    private RuleChecker?[] _rules = [];

    // Unique rules run last, so a row that another rule removes does not claim its key.
    private readonly int[] _order = options.Rules.Select((r, i) => (r, i)).OrderBy(x => x.r.Unique).Select(x => x.i).ToArray();
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => options.Rules.Any(r => r.Unique) ? StepKind.Sequential : StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        _rules = options.Rules.Select((r, i) => RuleChecker.Bind(r, $"rules[{i}]", options.OnFail, input, context)).ToArray();
        // A repair that writes null makes the column nullable.
        var fields = input.FieldsList.ToList();
        foreach (var rule in _rules.Where(r => r is { Action: RuleAction.Repair, RepairValue: null }))
            fields[rule!.Columns[0]] = new Field(fields[rule.Columns[0]].Name, fields[rule.Columns[0]].DataType, true, fields[rule.Columns[0]].Metadata);
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public string DescribeState() => Kind == StepKind.Sequential ? "a 128-bit hash and row id per distinct key of each unique rule" : "none";

    public RecordBatch Process(RecordBatch input, BatchContext context) => Apply(input, null, context);

    public object? Prepare(RecordBatch input) =>
        _rules.Select(r => r is { IsUnique: true } ? RowHasher.Hash(input, r.Columns) : null).ToArray();

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = prepared as UInt128[]?[];
        Dictionary<int, Dictionary<int, object?>>? repairs = null;
        for (var row = 0; row < input.Length; row++)
        {
            foreach (var r in _order)
            {
                if (context.IsRemoved(row)) break;
                var rule = _rules[r]!;
                var reason = !rule.IsUnique ? rule.Fails(input, row)
                    : rule.Columns.Any(c => input.Column(c).IsNull(row)) ? null // as SQL UNIQUE: nulls are never equal
                    : Duplicate(r, hashes![r]![row], context.RowIdAt(row));
                if (reason is null) continue;
                switch (rule.Action)
                {
                    case RuleAction.Quarantine: context.Quarantine(row, rule.Code, reason); break;
                    case RuleAction.Drop: context.Drop(row, rule.Code, reason); break;
                    default:
                        repairs ??= [];
                        var column = rule.Columns[0];
                        if (!repairs.TryGetValue(column, out var replaced)) repairs[column] = replaced = [];
                        // Rules judge the value as it arrived; if two repair one value, the later rule's wins.
                        replaced[row] = rule.Repair(input, row);
                        break;
                }
            }
        }
        if (repairs is null && ReferenceEquals(_output, input.Schema)) return input;
        var arrays = input.Arrays.Select((a, c) => repairs is not null && repairs.TryGetValue(c, out var replaced)
            ? ArrowPatch.Replace(a, replaced)
            : ArrowShare.Retain(a));
        return new RecordBatch(_output, arrays, input.Length);
    }

    private string? Duplicate(int rule, UInt128 hash, RowId row)
    {
        var packed = Dedupe.DedupeKeys.Pack(row);
        if (_seen[rule].TryAdd(hash, packed)) return null;
        return $"duplicate of row {Dedupe.DedupeKeys.Unpack(_seen[rule][hash])} on {string.Join(", ", options.Rules[rule].TargetColumns)}";
    }
}
