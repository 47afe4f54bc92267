using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Arrow;

/// <summary>
/// Writes the IPC file format. Rows are re-cut into batches of exactly the configured size (the
/// last may be shorter) and rebuilt in one canonical buffer layout, so the bytes depend only on
/// the rows.
/// </summary>
internal sealed class ArrowIpcBatchWriter(Stream output, Schema schema, int batchRows) : IBatchWriter
{
    private readonly ArrowFileWriter _writer = new(output, schema, leaveOpen: true);
    private readonly RowChunker _chunker = new(schema, batchRows);
    private bool _finished;
    private bool _started;

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        foreach (var chunk in _chunker.Add(batch))
        {
            using (chunk) await _writer.WriteRecordBatchAsync(chunk, cancellationToken);
            _started = true;
        }
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_finished) return;
        if (_chunker.Finish() is { } last)
        {
            using (last) await _writer.WriteRecordBatchAsync(last, cancellationToken);
            _started = true;
        }
        if (!_started) await _writer.WriteStartAsync(cancellationToken); // a file with a schema and no batches
        await _writer.WriteEndAsync(cancellationToken);
        _finished = true;
        await output.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _finished = true;
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }
}
