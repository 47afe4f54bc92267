using System.Runtime.CompilerServices;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// Which rows a sequential step removed, one bit a source row (a set for rows made by an earlier
/// step), and the record of each removal, kept the first time a fit pass runs the step. Later
/// passes, the final one included, replay the decisions in parallel instead of running the step
/// again (hashing every row, at degree 1 for the apply); the final pass writes the kept records,
/// so its drop records still name each row's survivor. Written at degree 1, read after the pass
/// that wrote it has finished.
/// </summary>
internal sealed class RemovalLog
{
    private readonly Dictionary<int, ulong[]> _bits = [];
    private readonly HashSet<RowId> _made = [];
    private readonly Dictionary<RowId, RowRecord> _records = [];

    public long Removed { get; private set; }

    /// <param name="rows">The batch's rows, as the step saw them.</param>
    /// <param name="removed">The rows the step removed.</param>
    /// <param name="records">The batch's records; those of <paramref name="stepId"/> are kept for the replay.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Record(RowId[] rows, bool[] removed, IEnumerable<RowRecord> records, string stepId)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (!removed[i]) continue;
            var id = rows[i];
            Removed++;
            if (id.Copy != 0) { _made.Add(id); continue; }
            if (!_bits.TryGetValue(id.Source, out var words) || (id.Row >> 6) >= words.Length)
            {
                var grown = new ulong[Math.Max((id.Row >> 6) + 1, (words?.Length ?? 0) * 2)];
                words?.CopyTo(grown, 0);
                _bits[id.Source] = words = grown;
            }
            words[id.Row >> 6] |= 1UL << (int)(id.Row & 63);
        }
        foreach (var record in records)
        {
            if (string.Equals(record.StepId, stepId, StringComparison.Ordinal)) _records[record.Row] = record;
        }
    }

    /// <summary>Marks the rows of a batch that the step removed; null when it removed none of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool[]? Replay(RowId[] rows)
    {
        bool[]? removed = null;
        // A batch's rows come from one input or a few: its bits are looked up when the input changes,
        // not once a row (that lookup was most of the replay's time).
        var source = -1;
        ulong[]? words = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var id = rows[i];
            bool hit;
            if (id.Copy != 0) hit = _made.Contains(id);
            else
            {
                if (id.Source != source)
                {
                    source = id.Source;
                    words = _bits.GetValueOrDefault(source);
                }
                hit = words is not null && (id.Row >> 6) < words.Length && (words[id.Row >> 6] & (1UL << (int)(id.Row & 63))) != 0;
            }
            if (!hit) continue;
            (removed ??= new bool[rows.Length])[i] = true;
        }
        return removed;
    }

    /// <summary>The record the step wrote when it removed a row.</summary>
    public RowRecord RecordOf(RowId row) =>
        _records.TryGetValue(row, out var record) ? record : throw new InvalidOperationException($"no record was kept of the removal of row {row}");

    /// <summary>Bytes held, for <c>dataprep explain</c> and tests (records at about 100 bytes each).</summary>
    public long Bytes => _bits.Values.Sum(w => (long)w.Length * sizeof(ulong)) + (_made.Count * 24L) + (_records.Count * 100L);
}
