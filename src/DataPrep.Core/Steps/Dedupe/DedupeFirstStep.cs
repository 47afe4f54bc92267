using System.Runtime.InteropServices;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Keep-first exact dedupe: hashes are computed per batch in parallel (<see cref="Prepare"/>), then
/// batches pass in source order through one set of seen keys (<see cref="Apply"/>).
/// </summary>
internal sealed class DedupeFirstStep(DedupeOptions options, string id) : ISequentialStep
{
    private readonly Dictionary<UInt128, long> _firstSeen = [];
    private int[] _keys = [];

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Sequential;

    public bool OnlyRemovesRows => true;

    public Schema Bind(Schema input, BindContext context)
    {
        _keys = DedupeKeys.Resolve(options, input, context);
        return input;
    }

    public string DescribeState() => "one 128-bit hash and a 64-bit row id per distinct key (about 40 bytes a row)";

    public object? Prepare(RecordBatch input) => RowHasher.Hash(input, _keys);

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = (UInt128[])prepared!;
        for (var row = 0; row < hashes.Length; row++)
        {
            // One hash-table probe per row: add, or find the survivor already there.
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(_firstSeen, hashes[row], out var exists);
            if (!exists)
            {
                first = DedupeKeys.Pack(context.RowIdAt(row));
                continue;
            }
            var survivor = DedupeKeys.Unpack(first);
            context.Drop(row, "dedupe.duplicate", $"duplicate of row {survivor}", survivor);
        }
        return input;
    }
}
