using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>
/// A batch read from one file, with the 0-based data-row index of each row in that file.
/// </summary>
/// <param name="Batch">The rows that parsed.</param>
/// <param name="FirstRow">Row index of the batch's first row when rows are contiguous.</param>
/// <param name="RowNumbers">Row index of each batch row when bad rows made gaps; null when contiguous.</param>
/// <param name="BadRecords">Rows in this stretch of the file that could not be parsed.</param>
public sealed record SourceChunk(RecordBatch Batch, long FirstRow, long[]? RowNumbers, IReadOnlyList<BadRecord> BadRecords)
{
    public long RowNumber(int index) => RowNumbers is null ? FirstRow + index : RowNumbers[index];
}

/// <summary>A source row that could not be parsed.</summary>
/// <param name="Row">0-based data-row index in the file (counting bad rows too).</param>
/// <param name="Line">1-based line in a text file, where it applies.</param>
/// <param name="Reason">What is wrong, naming the column: <c>column 'age': 'abc' is not an int64</c>.</param>
/// <param name="Raw">The raw text of the record, for the quarantine.</param>
public sealed record BadRecord(long Row, long? Line, string Reason, string Raw);
