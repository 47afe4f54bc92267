using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.IO;
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
            using var batch = Build(QuarantineSchema, _pendingQuarantine, r =>
                [r.StepId, r.Code, r.Message, _inputs[r.Row.Source], r.Row.Row < 0 ? null : r.Row.Row, r.Line, r.Values]);
            await _quarantine.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            _pendingQuarantine.Clear();
        }
        if (_pendingDropped.Count > 0)
        {
            using var batch = Build(DroppedSchema, _pendingDropped, r =>
                [r.StepId, r.Code, r.Message, _inputs[r.Row.Source], r.Row.Row,
                 r.Survivor is { } s ? _inputs[s.Source] : null, r.Survivor?.Row]);
            await _dropped.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            _pendingDropped.Clear();
        }
    }

    private static RecordBatch Build(Schema schema, List<RowRecord> records, Func<RowRecord, object?[]> row)
    {
        var rows = records.Select(row).ToArray();
        var arrays = schema.FieldsList.Select((f, c) => ArrowBuild.FromValues(f.DataType, rows.Select(r => r[c]).ToArray()));
        return new RecordBatch(schema, arrays, rows.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _quarantine.DisposeAsync().ConfigureAwait(false);
        await _dropped.DisposeAsync().ConfigureAwait(false);
    }
}
