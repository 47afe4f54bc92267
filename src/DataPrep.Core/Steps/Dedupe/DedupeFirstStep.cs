using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Keep-first exact dedupe: hashes are computed per batch in parallel (<see cref="Prepare"/>), then
/// batches pass in source order through one table of seen keys (<see cref="Apply"/>), whose shards
/// take a batch's keys on several threads (<see cref="KeyTable.AddFirst"/>) with the same decisions
/// at any number of them.
/// </summary>
internal sealed class DedupeFirstStep(DedupeOptions options, string id) : ISequentialStep, IDisposable
{
    private readonly KeyTable _firstSeen = new();
    private int[] _keys = [];

    public string Id { get; } = id;

    /// <summary>Frees the table of seen keys (native memory); the pass that used this instance is over.</summary>
    public void Dispose() => _firstSeen.Dispose();

    public StepKind Kind => StepKind.Sequential;

    public bool OnlyRemovesRows => true;

    public Schema Bind(Schema input, BindContext context)
    {
        _keys = DedupeKeys.Resolve(options, input, context);
        return input;
    }

    public string DescribeState() => "one 128-bit hash and a 64-bit row id per distinct key (24 bytes a slot, the table half to three quarters full)";

    public object? Prepare(RecordBatch input) => RowHasher.Hash(input, _keys);

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = (UInt128[])prepared!;
        var rows = new long[hashes.Length];
        for (var row = 0; row < rows.Length; row++) rows[row] = DedupeKeys.Pack(context.RowIdAt(row));
        // One probe per row: add, or find the survivor already there. Drops are then marked in row order.
        var first = new long[hashes.Length];
        _firstSeen.AddFirst(hashes, rows, first, context.Parallelism);
        for (var row = 0; row < first.Length; row++)
        {
            if (first[row] < 0) continue;
            var survivor = DedupeKeys.Unpack(first[row]);
            context.Drop(row, "dedupe.duplicate", $"duplicate of row {survivor}", survivor);
        }
        return input;
    }
}
