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

    /// <summary>The rows still buffered as one batch, or null when there are none.</summary>
    public RecordBatch? Finish() => Buffered == 0 ? null : Flush();

    private RecordBatch Flush()
    {
        var length = Buffered;
        _bufferedWithoutColumns = 0;
        return new RecordBatch(_schema, _columns.Select(c => c.Build()).ToArray(), length);
    }
}
