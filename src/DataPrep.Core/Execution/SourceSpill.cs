using Apache.Arrow;
using Apache.Arrow.Ipc;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// The source as the first pass read it, kept in an Arrow IPC stream file so that the later passes
/// of a run (one per fitted step, then the final one) read it back instead of decoding the input
/// files again (Parquet decode and decompression are most of a pass's cost; reading IPC back is
/// little more than a copy). Batches come back with the same rows, row ids and source records,
/// in the same order, and the ledger is told the same, so the output bytes do not change. Used
/// only once the first pass has read every input to the end; the file is deleted when the run
/// ends. It costs disk: about the size of the source's columns uncompressed
/// (<c>execution.spill: false</c> reads the inputs again instead).
/// </summary>
internal sealed class SourceSpill(string path) : IDisposable
{
    private readonly List<Entry> _entries = [];
    private FileStream? _stream;
    private ArrowStreamWriter? _writer;
    private bool _failed;

    /// <summary>True once the first pass wrote everything it read; later passes then replay the spill.</summary>
    public bool Complete { get; private set; }

    /// <summary>Bytes written, for the run's log and tests.</summary>
    public long Bytes => _stream?.Length ?? 0;

    internal abstract record Entry;

    /// <summary>A batch as read: its rows are the next batch in the file; ids from the first row or the list.</summary>
    internal sealed record BatchRead(int File, long FirstRow, long[]? RowNumbers, IReadOnlyList<RowRecord> Records, int BadRecords) : Entry;

    /// <summary>An input finished: read to its end, or not readable (then with its record).</summary>
    internal sealed record FileDone(bool Readable, RowRecord? Record) : Entry;

    public void Add(int file, IO.SourceChunk chunk, IReadOnlyList<RowRecord> records)
    {
        if (_failed) return;
        try
        {
            _stream ??= new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
            _writer ??= new ArrowStreamWriter(_stream, chunk.Batch.Schema, leaveOpen: true);
            _writer.WriteRecordBatch(chunk.Batch);
            _entries.Add(new BatchRead(file, chunk.FirstRow, chunk.RowNumbers, records.ToArray(), chunk.BadRecords.Count)); // steps add to the batch's own list
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // Out of disk, or a batch the IPC writer does not take: the spill only saves time, so
            // give the space back at once and let the later passes read the inputs again.
            _failed = true;
            Dispose();
        }
    }

    public void Done(bool readable, RowRecord? record)
    {
        if (!_failed) _entries.Add(new FileDone(readable, record));
    }

    /// <summary>The first pass read every input to the end.</summary>
    public void Finish()
    {
        if (_failed) return;
        try
        {
            if (_writer is not null)
            {
                _writer.WriteEnd();
                _stream!.Flush();
            }
            Complete = true;
        }
        catch (IOException)
        {
            _failed = true;
            Dispose();
        }
    }

    /// <summary>
    /// What the first pass read, in order; batches are read back from the file as they are reached,
    /// into arrays that <see cref="Return"/> takes back.
    /// </summary>
    public IEnumerable<(Entry Entry, RecordBatch? Batch)> Replay()
    {
        if (!Complete) throw new InvalidOperationException("the spill is not complete");
        ArrowStreamReader? reader = null;
        _bodies = new ArrayRecycler(kept: 4); // a few: a body given back is taken again by the next batch read
        if (_stream is not null)
        {
            _stream.Position = 0;
            reader = new ArrowStreamReader(_stream, new BodyAllocator(_bodies), leaveOpen: true);
        }
        try
        {
            foreach (var entry in _entries)
            {
                if (entry is BatchRead)
                {
                    var batch = reader?.ReadNextRecordBatch() ?? throw new InvalidDataException($"the spill file {path} ended early");
                    yield return (entry, batch);
                }
                else yield return (entry, null);
            }
        }
        finally
        {
            reader?.Dispose();
        }
    }

    /// <summary>
    /// Gives back the array a batch read back lies in (one IPC body a batch), once nothing can read
    /// it any more: its rows were copied out (compacted) before any other block saw it. The next batch
    /// read back fills it instead of a new array of several megabytes on the large-object heap (a
    /// fresh one costs the collector and the kernel's zeroed pages; the spill is read back in every
    /// later pass). A batch never given back is simply left to the collector.
    /// </summary>
    public void Return(RecordBatch read) => _bodies?.ReturnAll(read);

    /// <summary>The bodies of the batches read back (<see cref="Return"/>); null before the first replay.</summary>
    private ArrayRecycler? _bodies;

    /// <summary>
    /// Buffers on the managed heap, as the other sources give: steps pass columns through from one
    /// batch to the next and the engine disposes the batch they came from, so disposing never
    /// frees or reuses an array; only <see cref="Return"/> does, from the one place that knows no
    /// one else reads it.
    /// </summary>
    private sealed class BodyAllocator(ArrayRecycler bodies) : Apache.Arrow.Memory.MemoryAllocator
    {
        protected override System.Buffers.IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
        {
            bytesAllocated = length;
            // The reader fills every byte it asks for (a message body read in full): no zeroing needed.
            return new Owner(bodies.Rent(length));
        }

        private sealed class Owner(byte[] array) : System.Buffers.IMemoryOwner<byte>
        {
            public Memory<byte> Memory => array;

            public void Dispose() { } // never reused from here: see the class remarks
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream?.Dispose(); // deletes the file
        _writer = null;
        _stream = null;
        Complete = false;
    }
}
