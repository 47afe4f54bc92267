using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>
/// Writes one output file. The bytes depend only on the rows written and their order, never on
/// how they were cut into batches. <see cref="FinishAsync"/> writes the footer and flushes; the
/// caller owns the stream, fsyncs and closes it.
/// </summary>
public interface IBatchWriter : IAsyncDisposable
{
    /// <summary>Writes the rows of the batch. The writer does not dispose it.</summary>
    Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken);

    Task FinishAsync(CancellationToken cancellationToken);
}
