using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.IO;
using DataPrep.IO.Batches;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Writes quarantine records (bad rows with reason, step, source location and original values)
/// and drop records (removed on purpose, naming the survivor) as Parquet, in source order.
/// </summary>
internal sealed class RecordWriter : IAsyncDisposable
{
    public static readonly Schema QuarantineSchema = new(
    [
        new Field("step_id", StringType.Default, false),
        new Field("reason_code", StringType.Default, false),
        new Field("message", StringType.Default, false),
        new Field("source_file", StringType.Default, false),
        new Field("source_row", Int64Type.Default, true),
        new Field("source_line", Int64Type.Default, true),
        new Field("values", StringType.Default, true),
    ], null);

    public static readonly Schema DroppedSchema = new(
    [
        new Field("step_id", StringType.Default, false),
        new Field("reason_code", StringType.Default, false),
        new Field("message", StringType.Default, false),
        new Field("source_file", StringType.Default, false),
        new Field("source_row", Int64Type.Default, false),
        new Field("survivor_file", StringType.Default, true),
        new Field("survivor_row", Int64Type.Default, true),
    ], null);

    private const int FlushEvery = 65_536;
    private readonly IReadOnlyList<string> _inputs;
    private readonly IBatchWriter _quarantine;
    private readonly IBatchWriter _dropped;
    private readonly List<RowRecord> _pendingQuarantine = [];
    private readonly List<RowRecord> _pendingDropped = [];
    private readonly SensitiveScrubber? _scrubber;

    /// <param name="sensitive">Columns any step of the plan protects: their raw values never reach the records (<see cref="SensitiveScrubber"/>).</param>
    public RecordWriter(IReadOnlyList<string> inputs, ISinkFormat format, Stream quarantine, Stream dropped, IReadOnlySet<string>? sensitive = null)
    {
        _inputs = inputs;
        _scrubber = sensitive is { Count: > 0 } ? new SensitiveScrubber(sensitive) : null;
        _quarantine = format.Create(quarantine, QuarantineSchema);
        _dropped = format.Create(dropped, DroppedSchema);
    }

    public async Task AddAsync(IEnumerable<RowRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            var r = _scrubber?.Scrub(record) ?? record;
            (r.Fate == RowFate.Quarantined ? _pendingQuarantine : _pendingDropped).Add(r);
        }
        if (_pendingQuarantine.Count >= FlushEvery || _pendingDropped.Count >= FlushEvery) await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _quarantine.FinishAsync(cancellationToken).ConfigureAwait(false);
        await _dropped.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingQuarantine.Count > 0)
        {
            using var batch = BuildQuarantine(_pendingQuarantine);
            await _quarantine.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            _pendingQuarantine.Clear();
        }
        if (_pendingDropped.Count > 0)
        {
            using var batch = BuildDropped(_pendingDropped);
            await _dropped.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            _pendingDropped.Clear();
        }
    }

    // Typed columns, not a boxed value a cell through the generic builders: a flush of 65,536 drop
    // records runs on the sink's path once, in code the runtime has not optimized yet, and held the
    // reference workload's final pass on one thread for a tenth of a second at a time.
    private RecordBatch BuildQuarantine(List<RowRecord> records)
    {
        var n = records.Count;
        Utf8Column step = new(n), code = new(n), message = new(n), file = new(n), values = new(n);
        Int64Column row = new(n), line = new(n);
        foreach (var r in records)
        {
            step.Add(r.StepId);
            code.Add(r.Code);
            message.Add(r.Message);
            file.Add(_inputs[r.Row.Source]);
            row.Add(r.Row.Row < 0 ? null : r.Row.Row);
            line.Add(r.Line);
            values.Add(r.Values);
        }
        return new RecordBatch(QuarantineSchema, [step.Build(), code.Build(), message.Build(), file.Build(), row.Build(), line.Build(), values.Build()], n);
    }

    private RecordBatch BuildDropped(List<RowRecord> records)
    {
        var n = records.Count;
        Utf8Column step = new(n), code = new(n), message = new(n), file = new(n), survivorFile = new(n);
        Int64Column row = new(n), survivorRow = new(n);
        foreach (var r in records)
        {
            step.Add(r.StepId);
            code.Add(r.Code);
            message.Add(r.Message);
            file.Add(_inputs[r.Row.Source]);
            row.Add(r.Row.Row);
            survivorFile.Add(r.Survivor is { } s ? _inputs[s.Source] : null);
            survivorRow.Add(r.Survivor?.Row);
        }
        return new RecordBatch(DroppedSchema, [step.Build(), code.Build(), message.Build(), file.Build(), row.Build(), survivorFile.Build(), survivorRow.Build()], n);
    }

    /// <summary>
    /// A string column of records on the readers' buffers (<see cref="ByteBuffer"/>, <see cref="BitBuffer"/>);
    /// the last value's UTF-8 is kept, as records repeat step, code and file row after row.
    /// </summary>
    private sealed class Utf8Column
    {
        private readonly ByteBuffer _offsets;
        private readonly ByteBuffer _data;
        private readonly BitBuffer _validity;
        private string? _last;
        private byte[] _lastBytes = [];

        public Utf8Column(int capacity)
        {
            _offsets = new ByteBuffer((capacity + 1) * sizeof(int));
            _data = new ByteBuffer(capacity * 16);
            _validity = new BitBuffer(capacity);
            _offsets.Append(0);
        }

        public void Add(string? value)
        {
            if (value is not null)
            {
                if (!string.Equals(value, _last, StringComparison.Ordinal))
                {
                    _last = value;
                    _lastBytes = Encoding.UTF8.GetBytes(value);
                }
                _data.Append(_lastBytes);
            }
            _validity.Append(value is not null);
            _offsets.Append(_data.Length);
        }

        public IArrowArray Build()
        {
            var (length, nulls) = (_validity.Length, _validity.ZeroCount);
            return ArrowArrays.Variable(StringType.Default, length, _offsets.Detach(0), _data.Detach(0), _validity.Detach(0), nulls);
        }
    }

    private sealed class Int64Column(int capacity)
    {
        private readonly ByteBuffer _values = new(capacity * sizeof(long));
        private readonly BitBuffer _validity = new(capacity);

        public void Add(long? value)
        {
            _values.Append(value ?? 0L);
            _validity.Append(value is not null);
        }

        public IArrowArray Build()
        {
            var (length, nulls) = (_validity.Length, _validity.ZeroCount);
            return ArrowArrays.Fixed(Int64Type.Default, length, _values.Detach(0), _validity.Detach(0), nulls);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _quarantine.DisposeAsync().ConfigureAwait(false);
        await _dropped.DisposeAsync().ConfigureAwait(false);
    }
}
