using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Keep-first exact dedupe: hashes are computed per batch in parallel (<see cref="Prepare"/>), then
/// batches pass in source order through one table of seen keys (<see cref="Apply"/>), whose shards
/// take a batch's keys on several threads (<see cref="KeyTable.AddFirst"/>) with the same decisions
/// at any number of them.
/// </summary>
internal sealed class DedupeFirstStep(DedupeOptions options, string id) : ISequentialStep, IDisposable, IExpectsRows
{
    /// <summary>Rows seen before the table is sized from the share of them that were distinct: a sixteenth of the input, at least this many.</summary>
    internal const long SampleRows = 1 << 16;

    private readonly KeyTable _firstSeen = new();
    private int[] _keys = [];
    private long _expected;
    private long _seen;

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

    /// <summary>
    /// Once a sixteenth of the input has passed, the table is sized for the keys it holds plus the
    /// new keys the rest of the input brings at the rate the last batch brought them (an input of
    /// mostly duplicates gets a small table), instead of growing shard by shard: on 10M rows the
    /// growing copied about three times the keys and left the table larger (see <see cref="KeyTable.Reserve"/>).
    /// </summary>
    public void ExpectRows(long rows) => _expected = rows;

    /// <summary>The table's memory, for tests.</summary>
    internal long TableBytes => _firstSeen.Bytes;

    public string DescribeState() =>
        "one 128-bit hash and a 64-bit row id per distinct key (24 bytes a slot, the table half to three quarters full; " +
        "when the inputs' footers give their row count, sized once a sixteenth of the rows has passed, about 70 % full)";

    public object? Prepare(RecordBatch input) => RowHasher.Hash(input, _keys);

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = (UInt128[])prepared!;
        var rows = new long[hashes.Length];
        for (var row = 0; row < rows.Length; row++) rows[row] = DedupeKeys.Pack(context.RowIdAt(row));
        // One probe per row: add, or find the survivor already there. Drops are then marked in row order.
        var first = new long[hashes.Length];
        _firstSeen.AddFirst(hashes, rows, first, context.Parallelism);
        Presize(first);
        for (var row = 0; row < first.Length; row++)
        {
            if (first[row] < 0) continue;
            var survivor = DedupeKeys.Unpack(first[row]);
            context.Drop(row, "dedupe.duplicate", $"duplicate of row {survivor}", survivor);
        }
        return input;
    }

    private void Presize(long[] first)
    {
        if (_expected <= 0 || _seen >= Math.Max(SampleRows, _expected / 16)) return;
        _seen += first.Length;
        if (_seen < Math.Max(SampleRows, _expected / 16) || _seen >= _expected) return;
        // The rest of the input is assumed to bring new keys at this batch's rate: right for duplicates
        // spread evenly, and an overestimate (bounded by the rows) where they grow more common.
        var fresh = first.Count(f => f < 0) / (double)first.Length;
        _firstSeen.Reserve(_firstSeen.Count + (long)Math.Ceiling(fresh * (_expected - _seen) * 1.02));
    }
}
