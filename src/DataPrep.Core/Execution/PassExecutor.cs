using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using DataPrep.Data;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Builds one pass's Dataflow graph (source → step blocks → terminal), runs it, and surfaces the
/// first fault. Every block is bounded, map blocks run in parallel with order kept, apply and sink
/// blocks at degree 1; one cancellation token stops them all.
/// </summary>
internal sealed class PassExecutor
{
    private readonly ExecutionPlan _plan;
    private readonly PlanPass _pass;
    private readonly RunLedger _ledger;
    private readonly IStep[] _steps;
    private readonly IReadOnlySet<string> _sensitive;
    private readonly BatchTracker _tracker = new();
    private readonly PassTrace? _trace;
    private readonly List<IDataflowBlock> _blocks = [];
    private readonly Lock _gate = new();
    private Exception? _firstFault;
    private CancellationTokenSource _cancel = new();

    public PassExecutor(ExecutionPlan plan, PlanPass pass, RunLedger ledger, SourceSpill? spill = null)
    {
        _plan = plan;
        _pass = pass;
        _ledger = ledger;
        _steps = plan.Steps.Select(s => s.ForPass()).ToArray();
        SinkTakesRowsOf = pass.Blocks[^1] is { Role: BlockRole.Sink, TakesRowsOf: { } taken } ? plan.Steps[taken] : null;
        _sensitive = plan.Sensitive;
        Producer = new SourceProducer(plan, ledger, _tracker) { Spill = spill };
        _trace = plan.Trace?.BeginPass(plan, pass, ledger);
    }

    public SourceProducer Producer { get; }

    /// <summary>
    /// Set by a runner whose sink writes (or copies) a batch's rows before its call returns, keeping
    /// nothing of them: a file sink, not a host that receives the batches.
    /// </summary>
    public bool SinkCopiesRows { get; init; }

    /// <summary>
    /// Where the replay block's copy of the kept rows takes its arrays, given back by the sink once it
    /// has written a batch (<see cref="RecyclesReplayedRows"/>); null: new arrays.
    /// </summary>
    internal ArrayRecycler? ReplayArrays { get; private set; }

    /// <summary>
    /// Whether the final pass's batches, once the sink has written them, have no reader left: the
    /// replay block comes right after the source, then only map blocks of steps that keep nothing of
    /// their input (<see cref="IAppliesCopies"/>: impute, normalize), then a sink that copies
    /// (<see cref="SinkCopiesRows"/>), with no tap. The arrays of the kept rows the replay block copied
    /// then take later batches' rows (in the 10M reference run most of its 1.4 GB of copies).
    /// </summary>
    internal bool RecyclesReplayedRows()
    {
        if (SourceTap is not null || StepTap is not null || SinkTap is not null) return false;
        var blocks = _pass.Blocks;
        if (blocks.Count < 3 || blocks[1].Role != BlockRole.Replay || blocks[^1].Role != BlockRole.Sink) return false;
        for (var b = 2; b < blocks.Count - 1; b++)
            if (blocks[b].Role != BlockRole.Map || !blocks[b].Steps.All(i => _plan.Steps[i].Step is IAppliesCopies)) return false;
        return true;
    }

    /// <summary>
    /// Whether the batches the source reads in this pass have no reader but the steps that copy what
    /// they keep and the accumulators: a fit pass of sequential steps that only prepare copies and
    /// return their input (exact dedupe), and accumulators that copy (<see cref="IAccumulatesCopies"/>),
    /// reading the inputs (not the spill), with no tap. Its accumulate block then gives each batch's
    /// buffers back to the reader (<see cref="SourceProducer.Arrays"/>) once the accumulators are done
    /// with it, and the next row groups are decoded into them: in the 10M reference run that was a
    /// decode's worth of new arrays (1.4 GB) fewer. The arrays the recycler keeps are at most those
    /// a pass had in flight anyway.
    /// </summary>
    internal bool RecyclesSourceArrays()
    {
        if (SourceTap is not null || StepTap is not null || SinkTap is not null || Producer.Spill is { Complete: true }) return false;
        if (!_pass.Blocks.Any(b => b.Role == BlockRole.Accumulate)) return false;
        foreach (var block in _pass.Blocks)
        {
            var copies = block.Role switch
            {
                BlockRole.Source or BlockRole.Merge => true,
                BlockRole.Prepare or BlockRole.Apply => block.Steps.All(i => _plan.Steps[i].Step is IPreparesCopies),
                BlockRole.Accumulate => block.Steps.All(i => _plan.Steps[i].Step is IAccumulatesCopies),
                _ => false, // map, compact, replay: their outputs hold the arrays or copies of them
            };
            if (!copies) return false;
        }
        return true;
    }

    /// <summary>The rows of each input, from their footers; null when a format does not store it. The first step sees at most these.</summary>
    private async Task<long[]?> CountInputRowsAsync(CancellationToken cancellationToken)
    {
        var rows = new long[_plan.Inputs.Count];
        for (var file = 0; file < rows.Length; file++)
        {
            try
            {
                if (await _plan.Source.CountRowsAsync(_plan.Inputs[file], cancellationToken).ConfigureAwait(false) is not { } count) return null;
                rows[file] = count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return null; // the read reports the file (quarantined as unreadable); the hint just goes unused
            }
        }
        return rows;
    }

    /// <summary>Called on every batch as it leaves the source, in a parallel block (the report's source profile).</summary>
    public Action<DataBatch>? SourceTap { get; init; }

    /// <summary>Called with each step's index, the batch's sequence, input, output and context as the step returns, in map and apply blocks (the report's per-step effects).</summary>
    public Action<int, long, Apache.Arrow.RecordBatch, Apache.Arrow.RecordBatch, BatchContext>? StepTap { get; init; }

    /// <summary>Called on every batch before the terminal block, in a parallel block (the report's sink profile).</summary>
    public Action<DataBatch>? SinkTap { get; init; }

    /// <summary>
    /// Whether <see cref="SinkTap"/> reads the batch's rows (a sink profile), and so needs the rows a
    /// step left marked for the sink removed first; a tap that reads only the records does not.
    /// </summary>
    public bool SinkTapReadsRows { get; init; } = true;

    /// <summary>Runs the pass; <paramref name="terminal"/> builds the last block and returns the task that finishes with it.</summary>
    public async Task RunAsync(Func<ISourceBlock<DataBatch>, ExecutionDataflowBlockOptions, Task> terminal, CancellationToken cancellationToken)
    {
        try { await RunGraphAsync(terminal, cancellationToken).ConfigureAwait(false); }
        finally
        {
            // Every block has stopped: the sequential steps made for this pass (a dedupe's table of
            // seen keys, in native memory) are done with.
            for (var i = 0; i < _steps.Length; i++)
                if (!ReferenceEquals(_steps[i], _plan.Steps[i].Step) && _steps[i] is IDisposable disposable) disposable.Dispose();
        }
    }

    private async Task RunGraphAsync(Func<ISourceBlock<DataBatch>, ExecutionDataflowBlockOptions, Task> terminal, CancellationToken cancellationToken)
    {
        if (_steps.Length > 0 && _steps[0] is IExpectsRows expects && _pass.Blocks.Any(b => b.Role == BlockRole.Apply && b.Steps[0] == 0)
            && await CountInputRowsAsync(cancellationToken).ConfigureAwait(false) is { } rows)
            expects.ExpectRows(rows);
        if (RecyclesSourceArrays()) Producer.Arrays = new ArrayRecycler(kept: 4096);
        if (SinkCopiesRows && RecyclesReplayedRows()) ReplayArrays = new ArrayRecycler(kept: 16 * _plan.SourceSchema.FieldsList.Count);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _cancel = cancel;
        var first = new BufferBlock<DataBatch>(new DataflowBlockOptions { BoundedCapacity = _plan.Capacity, CancellationToken = cancel.Token });
        ISourceBlock<DataBatch> tail = first;
        void Append(IPropagatorBlock<DataBatch, DataBatch> next)
        {
            _blocks.Add(next);
            tail.LinkTo(next, new DataflowLinkOptions { PropagateCompletion = true });
            tail = next;
        }
        if (SourceTap is { } sourceTap) Append(Tap(sourceTap, cancel.Token));
        foreach (var block in _pass.Blocks)
        {
            if (Build(block, cancel.Token) is not { } next) continue;
            Append(next);
            _trace?.Watch(block, next);
        }
        if (SinkTap is { } sinkTap) Append(Tap(SinkTapReadsRows ? batch => { CompactAtSink(batch); sinkTap(batch); } : sinkTap, cancel.Token));
        // Only when a fit pass is traced: marks when batches reach the fitted step's accumulators.
        if (_trace?.Fit is not null) Append(Tap(_trace.Accumulating, cancel.Token));
        var done = terminal(tail, Options(1, cancel.Token));
        // A faulted terminal must cancel the producer, which may be waiting for room upstream.
        _ = done.ContinueWith(t => Fault(t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        try
        {
            await Producer.RunAsync(first, cancel.Token).ConfigureAwait(false);
            first.Complete();
        }
        catch (Exception e)
        {
            Fault(e);
            ((IDataflowBlock)first).Fault(e);
        }
        try { await done.ConfigureAwait(false); }
        catch (Exception e) { Fault(e); }
        _trace?.Finish(_firstFault);

        if (_firstFault is not null)
        {
            // Every block has stopped (or stops once its current item is done); then nothing uses
            // the batches they dropped, and they can be released.
            await StoppedAsync<DataBatch>(_blocks).ConfigureAwait(false);
            _tracker.DisposeAll();
            cancellationToken.ThrowIfCancellationRequested();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_firstFault).Throw();
        }
    }

    /// <summary>
    /// Waits until every block of a cancelled graph has stopped. Cancellation alone does not stop a
    /// block whose input had completed before the cancellation but whose output nobody takes any
    /// more (the block after it faulted and unlinked): such a block checks for completion only when
    /// something happens to it, and nothing would. Taking its output is that something; the batches
    /// taken are released with every other tracked batch.
    /// </summary>
    internal static Task StoppedAsync<T>(IEnumerable<IDataflowBlock> blocks)
    {
        var all = blocks.ToList();
        foreach (var block in all)
        {
            if (block is IReceivableSourceBlock<T> source) source.TryReceiveAll(out _);
        }
        return Task.WhenAll(all.Select(b => b.Completion.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>Wraps a block body: the first exception anywhere is kept and cancels the graph.</summary>
    public Func<T, TResult> Guard<T, TResult>(Func<T, TResult> body) => item =>
    {
        try { return body(item); }
        catch (Exception e) { Fault(e); throw; }
    };

    /// <summary>
    /// The step whose marked rows are still in the batches that reach the sink (the plan left its
    /// compact block to a writer that takes rows, <see cref="PassPlanner"/>), or null.
    /// </summary>
    public PlannedStep? SinkTakesRowsOf { get; }

    /// <summary>Removes the rows still marked in a batch at the sink, for a consumer that does not take rows itself.</summary>
    public void CompactAtSink(DataBatch batch)
    {
        if (SinkTakesRowsOf is { } step) StepInvoker.Compact(batch, step);
    }

    /// <summary>The rows of a batch at the sink to write (ascending), or null for all of them.</summary>
    public static int[]? KeptAtSink(DataBatch batch) => batch.PendingRemoval is { } removed ? ArrowTake.Kept(removed) : null;

    /// <summary>
    /// The step at <paramref name="index"/> for this pass. A fitted step of a plan with sensitive
    /// columns comes wrapped, so that an exception its accumulator throws quoting a sensitive value of
    /// the batch is scrubbed while the batch is still there, and one its fit throws is withheld when
    /// the step reads a sensitive column (<see cref="ScrubbingFittedStep"/>).
    /// </summary>
    public IStep StepAt(int index) =>
        _sensitive.Count > 0 && _steps[index] is IFittedStep fitted ? new ScrubbingFittedStep(fitted, _sensitive, _plan.Steps[index]) : _steps[index];

    public ExecutionDataflowBlockOptions Options(int degree, CancellationToken token) => new()
    {
        BoundedCapacity = PlanBlock.Bound(_plan.Capacity, degree),
        MaxDegreeOfParallelism = degree,
        EnsureOrdered = true,
        CancellationToken = token,
    };

    private TransformBlock<DataBatch, DataBatch> Tap(Action<DataBatch> tap, CancellationToken token) =>
        new(Guard<DataBatch, DataBatch>(batch => { tap(batch); return batch; }), Options(_plan.Parallelism, token));

    private IPropagatorBlock<DataBatch, DataBatch>? Build(PlanBlock block, CancellationToken token)
    {
        switch (block.Role)
        {
            case BlockRole.Map:
            case BlockRole.Apply:
                var defer = block.Role == BlockRole.Apply;
                var log = block.RecordsDecisions ? _plan.Steps[block.Steps[0]].Decisions = new RemovalLog() : null;
                // A block that runs one batch at a time lends the plan's threads to its step (a dedupe's table shards);
                // a parallel block's steps have theirs already.
                var inner = block.Degree == 1 ? _plan.Parallelism : 1;
                return new TransformBlock<DataBatch, DataBatch>(Guard<DataBatch, DataBatch>(batch =>
                {
                    foreach (var i in block.Steps)
                        StepInvoker.Run(_steps[i], _plan.Steps[i], _ledger.Steps[i], batch, _plan.Definition.Seed, defer, _sensitive, StepTap is { } tap ? (a, b, c) => tap(i, batch.Sequence, a, b, c) : null, inner, ReplayArrays);
                    if (log is not null && batch.PendingRemoval is { } removed) log.Record(batch.RowIds, removed, batch.Records, _plan.Steps[block.Steps[0]].Id); // degree 1: in order, unshared
                    return batch;
                }), Options(block.Degree, token));
            case BlockRole.Replay:
                var replayed = _plan.Steps[block.Steps[0]];
                var decisions = replayed.Decisions ?? throw new InvalidOperationException($"no decisions of '{replayed.Id}' were recorded before this pass");
                // Right after the source, with no tap between, this block is the only one that has
                // seen a batch read back from the spill: once it has copied out the kept rows, the
                // array they were read into can take the next batch (SourceSpill.Return).
                var spill = ReferenceEquals(block, _pass.Blocks[1]) && SourceTap is null ? Producer.Spill : null;
                return new TransformBlock<DataBatch, DataBatch>(Guard<DataBatch, DataBatch>(batch =>
                {
                    var rows = batch.Data.Length;
                    long quarantined = 0;
                    if (decisions.Replay(batch.RowIds) is { } removed)
                    {
                        // The records the step wrote when it ran, so that the drop records are the same.
                        for (var r = 0; r < removed.Length; r++)
                        {
                            if (!removed[r]) continue;
                            var record = decisions.RecordOf(batch.RowIds[r]);
                            batch.Records.Add(record);
                            if (record.Fate == RowFate.Quarantined) quarantined++;
                        }
                        batch.PendingRemoval = removed;
                        var read = batch.Data;
                        StepInvoker.Compact(batch, replayed, ReplayArrays);
                        spill?.Return(read);
                    }
                    _ledger.Steps[block.Steps[0]].Add(rows, batch.Data.Length, quarantined, rows - batch.Data.Length - quarantined, batch.ByteSize, 0);
                    return batch;
                }), Options(block.Degree, token));
            case BlockRole.Compact:
                return new TransformBlock<DataBatch, DataBatch>(Guard<DataBatch, DataBatch>(batch =>
                {
                    StepInvoker.Compact(batch, _plan.Steps[block.Steps[0]]);
                    return batch;
                }), Options(block.Degree, token));
            case BlockRole.Prepare:
                var i0 = block.Steps[0];
                return new TransformBlock<DataBatch, DataBatch>(Guard<DataBatch, DataBatch>(batch =>
                {
                    var start = Stopwatch.GetTimestamp();
                    StepInvoker.Prepare((ISequentialStep)_steps[i0], _plan.Steps[i0], batch, _sensitive);
                    _trace?.Prepared(i0, Stopwatch.GetElapsedTime(start).Ticks);
                    return batch;
                }), Options(block.Degree, token));
            default:
                return null; // source, terminal blocks: built by the caller
        }
    }

    private void Fault(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerException!;
        lock (_gate)
        {
            // A cancellation that an earlier fault caused is not the story: keep the first real error.
            if (_firstFault is null || (_firstFault is OperationCanceledException && e is not OperationCanceledException)) _firstFault = e;
        }
        try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
    }
}
