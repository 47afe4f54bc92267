using Apache.Arrow;

namespace DataPrep.IO.Batches;

/// <summary>
/// Re-cuts a stream of batches into batches of exactly <c>rowsPerChunk</c> rows (the last one may
/// be shorter). Rows are copied on arrival, so callers may dispose their batches right away.
/// </summary>
/// <remarks>
/// A writer hands each full chunk to <see cref="AddAsync"/>'s callback and is done with it when the
/// callback returns: its buffers then take the next rows, instead of new arrays for every chunk
/// (a 131,072-row chunk of the reference data is about 20 MB of large-object-heap arrays, which
/// only a full collection returns).
/// </remarks>
internal sealed class RowChunker
{
    private readonly Schema _schema;
    private readonly int _rowsPerChunk;
    private readonly ColumnAccumulator[] _columns;
    private readonly List<(int Start, int Count)> _runs = [];
    private int _bufferedWithoutColumns;

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

    /// <summary>
    /// Adds the batch's rows, or only those at <paramref name="rows"/> (ascending indexes; the same
    /// chunks as a batch of just those rows), and awaits <paramref name="write"/> for each chunk that
    /// fills, in order. A chunk is the callee's only until <paramref name="write"/> completes: then
    /// its buffers are reused. Taking rows is how a writer leaves out the rows a step removed in the
    /// copy it makes anyway; kept rows are copied a run of consecutive rows at a time.
    /// </summary>
    public async Task AddAsync(RecordBatch batch, int[]? rows, Func<RecordBatch, Task> write)
    {
        Check(batch, rows);
        var at = 0;
        var end = rows?.Length ?? batch.Length;
        while (at < end)
        {
            at = Fill(batch, rows, at);
            if (Buffered < _rowsPerChunk) break;
            var chunk = Flush(recycled: true);
            await write(chunk).ConfigureAwait(false);
            Recycle(chunk);
        }
    }

    /// <summary>The rows still buffered as one batch, or null when there are none.</summary>
    public RecordBatch? Finish() => Buffered == 0 ? null : Flush();

    private void Check(RecordBatch batch, int[]? rows)
    {
        if (batch.ColumnCount != _columns.Length)
            throw new ArgumentException($"batch has {batch.ColumnCount} columns, the writer's schema {_columns.Length}");
        if (rows is { Length: > 0 } && (rows[0] < 0 || rows[^1] >= batch.Length))
            throw new ArgumentOutOfRangeException(nameof(rows), $"row indexes must lie in the batch's {batch.Length} rows");
    }

    /// <summary>Appends rows from position <paramref name="at"/> (of the batch, or of <paramref name="rows"/>) until the chunk is full; returns the next position.</summary>
    private int Fill(RecordBatch batch, int[]? rows, int at)
    {
        var room = _rowsPerChunk - Buffered;
        _runs.Clear();
        var taken = 0;
        if (rows is null)
        {
            taken = Math.Min(batch.Length - at, room);
            _runs.Add((at, taken));
            at += taken;
        }
        else
        {
            while (at < rows.Length && taken < room)
            {
                var start = rows[at];
                if (at > 0 && rows[at - 1] >= start) throw new ArgumentException("row indexes must be ascending", nameof(rows));
                var count = Math.Min(Data.ArrowTake.Run(rows, at), room - taken);
                _runs.Add((start, count));
                at += count;
                taken += count;
            }
        }
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = batch.Column(c);
            foreach (var (start, count) in _runs) _columns[c].Append(column, start, count);
        }
        _bufferedWithoutColumns += taken;
        return at;
    }

    /// <param name="recycled">The chunk's buffers come back (<see cref="Recycle"/>) once it is written.</param>
    private RecordBatch Flush(bool recycled = false)
    {
        var length = Buffered;
        _bufferedWithoutColumns = 0;
        return new RecordBatch(_schema, _columns.Select(c => c.Build(recycled)).ToArray(), length);
    }

    private void Recycle(RecordBatch chunk)
    {
        for (var c = 0; c < _columns.Length; c++) _columns[c].Recycle(chunk.Column(c).Data);
    }
}
