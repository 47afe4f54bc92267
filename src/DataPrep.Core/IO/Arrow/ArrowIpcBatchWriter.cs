using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Arrow;

/// <summary>
/// Writes the IPC file format. Rows are re-cut into batches of exactly the configured size (the
/// last may be shorter) and rebuilt in one canonical buffer layout, so the bytes depend only on
/// the rows.
/// </summary>
internal sealed class ArrowIpcBatchWriter(Stream output, Schema schema, int batchRows) : IBatchWriter, IRowTakingWriter
{
    // ArrowFileWriter asks for a seekable stream but only reads the position (for the footer's
    // block offsets); the output is hashed while written and cannot seek.
    private readonly ArrowFileWriter _writer = new(new ForwardOnly(output), schema, leaveOpen: true);
    private readonly RowChunker _chunker = new(schema, batchRows);
    private bool _finished;
    private bool _started;

    public Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken) => WriteRowsAsync(batch, null, cancellationToken);

    public Task WriteRowsAsync(RecordBatch batch, int[]? rows, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        // The chunk is serialized into the output before the chunker reuses its buffers.
        return _chunker.AddAsync(batch, rows, async chunk =>
        {
            await _writer.WriteRecordBatchAsync(chunk, cancellationToken);
            _started = true;
        });
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

    /// <summary>Reports itself seekable and its position; any real seek fails loudly.</summary>
    private sealed class ForwardOnly(Stream inner) : Stream
    {
        private long _position;

        public override bool CanRead => false;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => _position;

        public override long Position
        {
            get => _position;
            set { if (value != _position) throw new NotSupportedException("the Arrow output is written front to back"); }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            _position += buffer.Length;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            _position += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) =>
            origin == SeekOrigin.Current && offset == 0 ? _position : throw new NotSupportedException("the Arrow output is written front to back");

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
