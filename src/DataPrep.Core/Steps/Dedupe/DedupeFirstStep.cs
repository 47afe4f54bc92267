using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Keep-first exact dedupe: hashes are computed per batch in parallel (<see cref="Prepare"/>), then
/// batches pass in source order through one table of seen keys (<see cref="Apply"/>), whose shards
/// take a batch's keys on several threads (<see cref="KeyTable.AddFirst"/>) with the same decisions
/// at any number of them.
/// </summary>
internal sealed class DedupeFirstStep(DedupeOptions options, string id) : ISequentialStep, IDisposable, IExpectsRows, IPreparesCopies
{
    /// <summary>Rows of a file seen before the table is sized from the rate they brought new keys: a sixteenth of the file, at least this many.</summary>
    internal const long SampleRows = 1 << 16;

    private readonly KeyTable _firstSeen = new();
    private int[] _keys = [];
    private IReadOnlyList<long> _fileRows = [];
    /// <summary>The file being sampled: its rows so far, how many brought a new key, and the same at half the sample.</summary>
    private (int File, long Seen, long Fresh, long HalfSeen, long HalfFresh) _sample = (-1, 0, 0, 0, 0);

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
    /// Once a sixteenth of an input file has passed, the table is sized for the keys it holds plus
    /// the new keys the rest of that file brings at the rate the second half of that sixteenth brought
    /// them (a file of mostly duplicates adds little; a later file that repeats an earlier one adds nothing), instead
    /// of growing shard by shard: on 10M rows the growing copied about three times the keys and left
    /// the table larger (see <see cref="KeyTable.Reserve"/>).
    /// </summary>
    public void ExpectRows(IReadOnlyList<long> rowsPerFile) => _fileRows = rowsPerFile;

    /// <summary>The table's memory, for tests.</summary>
    internal long TableBytes => _firstSeen.Bytes;

    public string DescribeState() =>
        "one 128-bit hash and a 64-bit row id per distinct key (24 bytes a slot, the table half to three quarters full; " +
        "when the inputs' footers give their row count, sized a file at a time once a sixteenth of its rows has passed, about 70 % full)";

    public object? Prepare(RecordBatch input) => RowHasher.Hash(input, _keys);

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = (UInt128[])prepared!;
        var rows = new long[hashes.Length];
        for (var row = 0; row < rows.Length; row++) rows[row] = DedupeKeys.Pack(context.RowIdAt(row));
        // One probe per row: add, or find the survivor already there. Drops are then marked in row order.
        var first = new long[hashes.Length];
        _firstSeen.AddFirst(hashes, rows, first, context.Parallelism);
        Presize(first, context);
        for (var row = 0; row < first.Length; row++)
        {
            if (first[row] < 0) continue;
            var survivor = DedupeKeys.Unpack(first[row]);
            context.Drop(row, "dedupe.duplicate", $"duplicate of row {survivor}", survivor);
        }
        return input;
    }

    private void Presize(long[] first, BatchContext context)
    {
        if (first.Length == 0) return;
        var file = context.RowIdAt(0).Source; // a batch holds rows of one file
        if ((uint)file >= (uint)_fileRows.Count) return;
        var rows = _fileRows[file];
        var sample = Math.Max(SampleRows, rows / 16);
        if (file != _sample.File) _sample = (file, 0, 0, 0, 0);
        if (_sample.Seen >= sample) return; // this file's sample is done (and the table sized for it)
        var fresh = 0;
        foreach (var f in first)
            if (f < 0) fresh++;
        _sample.Seen += first.Length;
        _sample.Fresh += fresh;
        if (_sample.HalfSeen == 0 && _sample.Seen >= sample / 2) (_sample.HalfSeen, _sample.HalfFresh) = (_sample.Seen, _sample.Fresh);
        if (_sample.Seen < sample || _sample.Seen >= rows || _sample.Seen == _sample.HalfSeen) return;
        // The rate of the sample's second half: where keys repeat at random, new ones grow rarer as
        // rows pass, and the rate over the whole sample would size the table for too many.
        var rate = (double)(_sample.Fresh - _sample.HalfFresh) / (_sample.Seen - _sample.HalfSeen);
        _firstSeen.Reserve(_firstSeen.Count + (long)Math.Ceiling(rate * (rows - _sample.Seen) * 1.02), context.Parallelism);
    }
}
