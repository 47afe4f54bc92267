using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Keep-last exact dedupe: a fit pass records the last row id of every key (the maximum, so the
/// accumulators merge in any order), then rows that are not their key's last are dropped.
/// </summary>
internal sealed class DedupeLastStep(DedupeOptions options, string id) : IFittedStep, IDisposable
{
    private int[] _keys = [];
    private KeyTable _last = new();

    public string Id { get; } = id;

    /// <summary>Frees the fitted table (native memory).</summary>
    public void Dispose() => _last.Dispose();

    /// <summary>Bytes the fitted table holds (tests: 0 once freed).</summary>
    internal long TableBytes => _last.Bytes;

    public StepKind Kind => StepKind.Fitted;

    public Schema Bind(Schema input, BindContext context)
    {
        _keys = DedupeKeys.Resolve(options, input, context);
        return input;
    }

    public string DescribeState() => "the last row id of every distinct key (24 bytes a slot, the table half to three quarters full), fitted in a first pass";

    public IStatistics CreateStatistics() => new LastSeen();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var last = ((LastSeen)statistics).Rows;
        var hashes = RowHasher.Hash(input, _keys);
        for (var row = 0; row < hashes.Length; row++) last.SetMax(hashes[row], DedupeKeys.Pack(context.RowIdAt(row)));
    }

    public void Fit(IStatistics merged)
    {
        _last.Dispose();
        _last = ((LastSeen)merged).Rows;
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var hashes = RowHasher.Hash(input, _keys);
        for (var row = 0; row < hashes.Length; row++)
        {
            if (!_last.TryGetValue(hashes[row], out var survivor))
                throw new InvalidDataException($"row {context.RowIdAt(row)} was not seen in the fit pass: the input changed between passes; rerun");
            if (survivor == DedupeKeys.Pack(context.RowIdAt(row))) continue;
            var id = DedupeKeys.Unpack(survivor);
            context.Drop(row, "dedupe.duplicate", $"duplicate of row {id}", id);
        }
        return input;
    }

    private sealed class LastSeen : IStatistics
    {
        public KeyTable Rows { get; } = new();

        /// <summary>Takes the other's keys; its table is freed (a merged accumulator is not used again).</summary>
        public void Merge(IStatistics other)
        {
            var rows = ((LastSeen)other).Rows;
            Rows.MergeMax(rows);
            rows.Dispose();
        }
    }
}
