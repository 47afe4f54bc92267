using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// Which source rows a sequential step removed, one bit a row, recorded the first time a fit pass
/// runs the step so that later fit passes replay the decisions in parallel instead of running the
/// step again (hashing every row, at degree 1 for the apply). Written at degree 1, read after the
/// pass that wrote it has finished.
/// </summary>
internal sealed class RemovalLog
{
    private readonly Dictionary<int, ulong[]> _bits = [];

    public long Removed { get; private set; }

    public void Record(RowId[] rows, bool[] removed)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            if (!removed[i]) continue;
            var (source, row) = (rows[i].Source, rows[i].Row);
            if (!_bits.TryGetValue(source, out var words) || (row >> 6) >= words.Length)
            {
                var grown = new ulong[Math.Max((row >> 6) + 1, (words?.Length ?? 0) * 2)];
                words?.CopyTo(grown, 0);
                _bits[source] = words = grown;
            }
            words[row >> 6] |= 1UL << (int)(row & 63);
            Removed++;
        }
    }

    /// <summary>Marks the rows of a batch that the step removed; null when it removed none of them.</summary>
    public bool[]? Replay(RowId[] rows)
    {
        bool[]? removed = null;
        for (var i = 0; i < rows.Length; i++)
        {
            var (source, row) = (rows[i].Source, rows[i].Row);
            if (!_bits.TryGetValue(source, out var words) || (row >> 6) >= words.Length) continue;
            if ((words[row >> 6] & (1UL << (int)(row & 63))) == 0) continue;
            (removed ??= new bool[rows.Length])[i] = true;
        }
        return removed;
    }

    /// <summary>Bytes held, for <c>dataprep explain</c> and tests.</summary>
    public long Bytes => _bits.Values.Sum(w => (long)w.Length * sizeof(ulong));
}
