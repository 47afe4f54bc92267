using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// The sink of the incremental layout: one data part per input, with that input's quarantine and
/// drop records beside it, so a later run can replace exactly one input's rows when it changes.
/// Batches come in source order and, with only row-local steps, each holds rows of one input; a
/// part is finished when the next input's first batch arrives.
/// </summary>
internal sealed class PartsWriter(ExecutionPlan plan, string staging, ISinkFormat recordFormat) : IAsyncDisposable
{
    private readonly List<OutputFile> _written = [];
    private Part? _current;
    private int _last = -1;

    /// <summary>The finished parts, paths relative to the staging folder; empty record files are left out.</summary>
    public IReadOnlyList<OutputFile> Written => _written;

    public async Task AddAsync(DataBatch batch, CancellationToken cancellationToken)
    {
        var source = batch.RowIds.Length > 0 ? batch.RowIds[0].Source : batch.Records.Count > 0 ? batch.Records[0].Row.Source : -1;
        if (source < 0) return;
        if ((batch.RowIds.Length > 0 && batch.RowIds[^1].Source != source) || batch.Records.Any(r => r.Row.Source != source) || source < _last)
            throw new InvalidOperationException("a batch reached the sink with rows of two inputs, or out of order; the incremental layout needs row-local steps");
        if (_current is null || _current.Source != source)
        {
            await FinishCurrentAsync(cancellationToken).ConfigureAwait(false);
            _current = Part.Open(plan, staging, recordFormat, source);
            _last = source;
        }
        var part = _current;
        foreach (var r in batch.Records)
        {
            if (r.Fate == RowFate.Quarantined) part.Quarantined++;
            else part.Dropped++;
        }
        await part.Records.AddAsync(batch.Records.OrderBy(r => r.Row.Row), cancellationToken).ConfigureAwait(false);
        if (batch.Data.Length > 0) await part.Writer.WriteAsync(batch.Data, cancellationToken).ConfigureAwait(false);
        part.Rows += batch.Data.Length;
    }

    public Task FinishAsync(CancellationToken cancellationToken) => FinishCurrentAsync(cancellationToken);

    private async Task FinishCurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is not { } part) return;
        await part.Writer.FinishAsync(cancellationToken).ConfigureAwait(false);
        await part.Records.FinishAsync(cancellationToken).ConfigureAwait(false);
        // Checksums were computed while writing; read them before the streams close.
        var (data, quarantine, dropped) = (part.Data.Sha256, part.Quarantine.Sha256, part.DroppedStream.Sha256);
        await part.DisposeAsync().ConfigureAwait(false);
        _current = null;
        var input = plan.Inputs[part.Source];
        Add(part.DataPath, "data", part.Rows, data, input);
        Add(part.QuarantinePath, "quarantine", part.Quarantined, quarantine, input);
        Add(part.DroppedPath, "dropped", part.Dropped, dropped, input);
    }

    private void Add(string relative, string role, long rows, string sha, string input)
    {
        var full = Path.Combine(staging, relative);
        if (role != "data" && rows == 0)
        {
            File.Delete(full); // an input without bad rows gets no record file
            return;
        }
        _written.Add(new OutputFile(relative, role, rows, new FileInfo(full).Length, sha) { Input = input });
    }

    /// <summary>Closes an unfinished part without letting a failure to close hide the error that stopped the run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_current is null) return;
        try { await _current.DisposeAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException or InvalidDataException) { }
        _current = null;
    }

    private sealed class Part : IAsyncDisposable
    {
        public required int Source { get; init; }
        public required string DataPath { get; init; }
        public required string QuarantinePath { get; init; }
        public required string DroppedPath { get; init; }
        public required HashingStream Data { get; init; }
        public required HashingStream Quarantine { get; init; }
        public required HashingStream DroppedStream { get; init; }
        public required IBatchWriter Writer { get; init; }
        public required RecordWriter Records { get; init; }
        public long Rows, Quarantined, Dropped;

        public static Part Open(ExecutionPlan plan, string staging, ISinkFormat recordFormat, int source)
        {
            var name = $"part-{source:D5}";
            var dataPath = $"data/{name}{plan.Sink.Extension}";
            var quarantinePath = $"quarantine/{name}.parquet";
            var droppedPath = $"dropped/{name}.parquet";
            foreach (var folder in new[] { "data", "quarantine", "dropped" }) Directory.CreateDirectory(Path.Combine(staging, folder));
            var data = Create(staging, dataPath);
            var quarantine = Create(staging, quarantinePath);
            var dropped = Create(staging, droppedPath);
            return new Part
            {
                Source = source, DataPath = dataPath, QuarantinePath = quarantinePath, DroppedPath = droppedPath,
                Data = data, Quarantine = quarantine, DroppedStream = dropped,
                Writer = plan.Sink.Create(data, plan.OutputSchema, Path.Combine(staging, dataPath)),
                Records = new RecordWriter(plan.Inputs, recordFormat, quarantine, dropped),
            };
        }

        private static HashingStream Create(string staging, string relative) =>
            new(new FileStream(Path.Combine(staging, relative), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20));

        public async ValueTask DisposeAsync()
        {
            await Records.DisposeAsync().ConfigureAwait(false);
            await Writer.DisposeAsync().ConfigureAwait(false);
            await DroppedStream.DisposeAsync().ConfigureAwait(false);
            await Quarantine.DisposeAsync().ConfigureAwait(false);
            await Data.DisposeAsync().ConfigureAwait(false);
        }
    }
}
