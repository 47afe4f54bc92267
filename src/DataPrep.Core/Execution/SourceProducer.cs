using System.Runtime.CompilerServices;
using System.Threading.Tasks.Dataflow;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Reads the input files in order into the first block, waiting for room (bounded capacity).
/// Unparseable records and unreadable files become quarantine records that travel with the stream,
/// so they reach the quarantine writer in source order.
/// </summary>
internal sealed class SourceProducer(ExecutionPlan plan, RunLedger ledger, BatchTracker tracker)
{
    public const string StepId = "source";

    public long RowsRead;

    /// <summary>Where the first pass keeps what it reads and later passes read it back; null reads the inputs every pass.</summary>
    public SourceSpill? Spill { get; init; }

    /// <summary>
    /// Where the reader takes its batches' large buffers from, when the pass gives them back once a
    /// batch is done with (<see cref="PassExecutor.RecyclesSourceArrays"/>); null: new arrays.
    /// </summary>
    public ArrayRecycler? Arrays { get; set; }

    public async Task RunAsync(ITargetBlock<DataBatch> target, CancellationToken cancellationToken)
    {
        if (Spill is { Complete: true } spill)
        {
            await ReplayAsync(spill, target, cancellationToken).ConfigureAwait(false);
            return;
        }
        var sequence = 0L;
        var request = new ReadRequest(plan.Projection, plan.BatchSize, plan.Parallelism) { Expected = plan.SourceSchema, Arrays = Arrays };
        var expected = plan.SourceSchema;
        for (var file = 0; file < plan.Inputs.Count; file++)
        {
            var path = plan.Inputs[file];
            var nextRow = 0L; // the first row of the file not yet handed on
            try
            {
                await foreach (var chunk in plan.Source.ReadAsync(path, request, cancellationToken).ConfigureAwait(false))
                {
                    var ids = RowIds(file, chunk.FirstRow, chunk.RowNumbers, chunk.Batch.Length);
                    var records = chunk.BadRecords.Select(b => new RowRecord(StepId, RowFate.Quarantined, "source.parse", b.Reason,
                        new RowId(file, b.Row), b.Line, System.Text.Json.JsonSerializer.Serialize(new { raw = b.Raw }), null)).ToList();
                    ledger.AddSource(chunk.Batch.Length, chunk.BadRecords.Count);
                    if (chunk.Batch.Length > 0) nextRow = Math.Max(nextRow, chunk.RowNumber(chunk.Batch.Length - 1) + 1);
                    if (chunk.BadRecords.Count > 0) nextRow = Math.Max(nextRow, chunk.BadRecords[^1].Row + 1);
                    Interlocked.Add(ref RowsRead, chunk.Batch.Length);
                    Spill?.Add(file, chunk, records);
                    if (!await target.SendAsync(new DataBatch(chunk.Batch, ids, sequence++, records, tracker), cancellationToken).ConfigureAwait(false)) return;
                }
                ledger.FileDone(readable: true);
                Spill?.Done(readable: true, null);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                ledger.FileDone(readable: false);
                // A file that fails part-way keeps the rows read before the failure; the record says
                // where reading stopped, so what is missing is named, not silently short.
                var record = nextRow == 0
                    ? new RowRecord(StepId, RowFate.Quarantined, "source.unreadable", $"{path}: {e.Message}", new RowId(file, -1), null, null, null)
                    : new RowRecord(StepId, RowFate.Quarantined, "source.truncated",
                        $"{path}: rows 0 to {nextRow - 1} were read; the rest of the file could not be: {e.Message}", new RowId(file, nextRow), null, null, null);
                Spill?.Done(readable: false, record);
                if (!await target.SendAsync(new DataBatch(Empty(expected), [], sequence++, [record], tracker), cancellationToken).ConfigureAwait(false)) return;
            }
        }
        Spill?.Finish();
    }

    /// <summary>Sends what the first pass read, from the spill, telling the ledger the same as reading did.</summary>
    private async Task ReplayAsync(SourceSpill spill, ITargetBlock<DataBatch> target, CancellationToken cancellationToken)
    {
        var sequence = 0L;
        foreach (var (entry, batch) in spill.Replay())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (entry)
            {
                case SourceSpill.BatchRead read:
                    var ids = RowIds(read.File, read.FirstRow, read.RowNumbers, batch!.Length);
                    ledger.AddSource(batch.Length, read.BadRecords);
                    Interlocked.Add(ref RowsRead, batch.Length);
                    if (!await target.SendAsync(new DataBatch(batch, ids, sequence++, [.. read.Records], tracker), cancellationToken).ConfigureAwait(false)) return;
                    break;
                case SourceSpill.FileDone done:
                    ledger.FileDone(done.Readable);
                    if (done.Record is { } record
                        && !await target.SendAsync(new DataBatch(Empty(plan.SourceSchema), [], sequence++, [record], tracker), cancellationToken).ConfigureAwait(false)) return;
                    break;
            }
        }
    }

    /// <summary>The ids of a batch's rows: consecutive from the first row, or the file's row numbers as listed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static RowId[] RowIds(int file, long firstRow, long[]? rowNumbers, int count)
    {
        var ids = new RowId[count];
        for (var i = 0; i < count; i++) ids[i] = new RowId(file, rowNumbers is null ? firstRow + i : rowNumbers[i]);
        return ids;
    }

    public static RecordBatch Empty(Schema schema) =>
        new(schema, schema.FieldsList.Select(f => ArrowBuild.FromValues(f.DataType, [])), 0);
}
