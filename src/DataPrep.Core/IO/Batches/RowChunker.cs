using Apache.Arrow;

namespace DataPrep.IO.Batches;

/// <summary>
/// Re-cuts a stream of batches into batches of exactly <c>rowsPerChunk</c> rows (the last one may
/// be shorter). Rows are copied on arrival, so callers may dispose their batches right away.
/// </summary>
internal sealed class RowChunker
{
    private readonly Schema _schema;
    private readonly int _rowsPerChunk;
    private readonly ColumnAccumulator[] _columns;

    public RowChunker(Schema schema, int rowsPerChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerChunk, 1);
        _schema = schema;
        _rowsPerChunk = rowsPerChunk;
        // Start small: a chunk of a million rows should not be allocated for a ten-row file.
        var capacity = Math.Min(rowsPerChunk, 4096);
        _columns = schema.FieldsList.Select(f => new ColumnAccumulator(f.DataType, capacity)).ToArray();
    }

    public int Buffered => _columns.Length == 0 ? _bufferedWithoutColumns : _columns[0].Count;

    private int _bufferedWithoutColumns;

    /// <summary>Adds the batch's rows; returns the chunks that became full, in order.</summary>
    public List<RecordBatch> Add(RecordBatch batch)
    {
        if (batch.ColumnCount != _columns.Length)
            throw new ArgumentException($"batch has {batch.ColumnCount} columns, the writer's schema {_columns.Length}");
        var full = new List<RecordBatch>();
        var position = 0;
        while (position < batch.Length)
        {
            var take = Math.Min(batch.Length - position, _rowsPerChunk - Buffered);
            for (var c = 0; c < _columns.Length; c++) _columns[c].Append(batch.Column(c), position, take);
            _bufferedWithoutColumns += take;
            position += take;
            if (Buffered == _rowsPerChunk) full.Add(Flush());
        }
        return full;
    }

    /// <summary>
    /// Adds the batch's rows at <paramref name="rows"/> (ascending indexes), as <see cref="Add(RecordBatch)"/>
    /// would add a batch of just those rows; returns the chunks that became full, in order. This is
    /// how a writer removes the rows a step dropped while it copies the batch anyway, instead of a
    /// copy of the kept rows before it. Kept rows come in runs of consecutive rows, copied a column at a time.
    /// </summary>
    public List<RecordBatch> Add(RecordBatch batch, ReadOnlySpan<int> rows)
    {
        if (batch.ColumnCount != _columns.Length)
            throw new ArgumentException($"batch has {batch.ColumnCount} columns, the writer's schema {_columns.Length}");
        if (rows.Length > 0 && (rows[0] < 0 || rows[^1] >= batch.Length))
            throw new ArgumentOutOfRangeException(nameof(rows), $"row indexes must lie in the batch's {batch.Length} rows");
        var full = new List<RecordBatch>();
        var runs = new List<(int Start, int Count)>();
        var at = 0;
        while (at < rows.Length)
        {
            // Runs of kept rows, cut where the chunk fills.
            var room = _rowsPerChunk - Buffered;
            var taken = 0;
            runs.Clear();
            while (at < rows.Length && taken < room)
            {
                var start = rows[at];
                var count = 1;
                while (at + count < rows.Length && count < room - taken && rows[at + count] == start + count) count++;
                if (at > 0 && rows[at - 1] >= start) throw new ArgumentException("row indexes must be ascending", nameof(rows));
                runs.Add((start, count));
                at += count;
                taken += count;
            }
            for (var c = 0; c < _columns.Length; c++)
            {
                var column = batch.Column(c);
                foreach (var (start, count) in runs) _columns[c].Append(column, start, count);
            }
            _bufferedWithoutColumns += taken;
            if (Buffered == _rowsPerChunk) full.Add(Flush());
        }
        return full;
    }

    /// <summary>The rows still buffered as one batch, or null when there are none.</summary>
    public RecordBatch? Finish() => Buffered == 0 ? null : Flush();

    private RecordBatch Flush()
    {
        var length = Buffered;
        _bufferedWithoutColumns = 0;
        return new RecordBatch(_schema, _columns.Select(c => c.Build()).ToArray(), length);
    }
}
