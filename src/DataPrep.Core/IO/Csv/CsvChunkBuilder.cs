using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.IO.Csv;

/// <summary>Collects parsed rows, their row numbers and the bad records of one stretch of a file.</summary>
internal sealed class CsvChunkBuilder(Schema schema, int[] selected, int capacity)
{
    private readonly CsvColumnBuilder[] _columns = schema.FieldsList.Select(f => CsvColumnBuilder.Create(f.DataType, capacity)).ToArray();
    private List<long> _rows = new(capacity);
    private List<BadRecord> _bad = [];

    public int Rows => _rows.Count;

    public bool HasBadRecords => _bad.Count > 0;

    public void Add(CsvFileReader reader, CsvRecord record, long row, int fieldCount)
    {
        if (record.FieldCount != fieldCount)
        {
            _bad.Add(new BadRecord(row, record.Line, $"expected {fieldCount} fields, found {record.FieldCount}", record.Raw));
            return;
        }
        for (var i = 0; i < selected.Length; i++)
        {
            var field = selected[i];
            if (reader.IsNull(record, field)) { _columns[i].AppendNull(); continue; }
            if (_columns[i].TryAppend(record.Field(field))) continue;

            for (var undo = 0; undo < i; undo++) _columns[undo].Truncate(_rows.Count);
            var column = schema.FieldsList[i];
            _bad.Add(new BadRecord(row, record.Line,
                $"column '{column.Name}': '{record.Field(field)}' is not a {ColumnTypes.Format(column.DataType)}", record.Raw));
            return;
        }
        _rows.Add(row);
    }

    /// <param name="nextRow">The row after the last one seen, the chunk's first row when no row parsed.</param>
    public SourceChunk Take(long nextRow)
    {
        var rows = _rows;
        var contiguous = rows.Count == 0 || rows[^1] - rows[0] + 1 == rows.Count;
        var first = rows.Count > 0 ? rows[0] : _bad.Count > 0 ? _bad[0].Row : nextRow;
        var batch = new RecordBatch(schema, _columns.Select(c => c.Build()).ToArray(), rows.Count);
        var chunk = new SourceChunk(batch, first, contiguous ? null : rows.ToArray(), _bad);
        _rows = new List<long>(capacity);
        _bad = [];
        return chunk;
    }
}
