using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>
/// A writer that copies rows as it buffers them (into row groups or IPC batches of a fixed size),
/// and so can take only some rows of a batch in that same copy. The final pass then leaves the rows
/// that a sequential step right before the sink (a dedupe) removed in the batch for the writer,
/// instead of copying the kept rows once more in a compact block before it (see <see cref="Execution.PassPlanner"/>).
/// </summary>
internal interface IRowTakingWriter
{
    /// <summary>Writes the rows of <paramref name="batch"/> at <paramref name="rows"/> (ascending; null: all), the same bytes as a batch of just those rows.</summary>
    Task WriteRowsAsync(RecordBatch batch, int[]? rows, CancellationToken cancellationToken);
}

/// <summary>A sink format whose writers are <see cref="IRowTakingWriter"/>s: the planner can leave the last compact to them.</summary>
internal interface IRowTakingSinkFormat;
