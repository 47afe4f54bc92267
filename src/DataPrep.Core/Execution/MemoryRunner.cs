using System.Threading.Tasks.Dataflow;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// Runs a plan with the results handed to the host instead of written to an output root: the same
/// fit passes and final pass as <see cref="PipelineRunner"/>, the same ledger checks, no commit.
/// </summary>
internal sealed class MemoryRunner(ExecutionPlan plan, TimeProvider time)
{
    /// <param name="onBatch">Receives each output batch in source order; the callee owns (and disposes) it.</param>
    /// <param name="onRecord">Receives each quarantine and drop record, in source order.</param>
    public async Task<RunLedger> RunAsync(Func<RecordBatch, CancellationToken, ValueTask> onBatch, Action<RowRecord> onRecord, CancellationToken cancellationToken)
    {
        var ledger = new RunLedger(plan.Steps.Select(s => s.Id));
        var runner = new PipelineRunner(plan, "", time);
        foreach (var pass in plan.Passes)
        {
            var executor = new PassExecutor(plan, pass, pass.IsFinal ? ledger : new RunLedger(plan.Steps.Select(s => s.Id)));
            if (pass.IsFinal) await DeliverAsync(executor, ledger, onBatch, onRecord, cancellationToken).ConfigureAwait(false);
            else await FitPass.RunAsync(plan, executor, pass, cancellationToken).ConfigureAwait(false);
        }
        runner.Check(ledger);
        return ledger;
    }

    private static Task DeliverAsync(PassExecutor executor, RunLedger ledger, Func<RecordBatch, CancellationToken, ValueTask> onBatch,
        Action<RowRecord> onRecord, CancellationToken cancellationToken) =>
        executor.RunAsync((tail, options) =>
        {
            var sink = new ActionBlock<DataBatch>(async batch =>
            {
                try
                {
                    executor.CompactAtSink(batch);
                    foreach (var record in batch.Records.OrderBy(r => r.Row.Source).ThenBy(r => r.Row.Row)) onRecord(record);
                    if (batch.Data.Length > 0)
                    {
                        // The engine releases its batch; the host gets its own references to the same buffers.
                        var owned = new RecordBatch(batch.Data.Schema, batch.Data.Arrays.Select(ArrowShare.Retain), batch.Data.Length);
                        await onBatch(owned, options.CancellationToken).ConfigureAwait(false);
                    }
                    ledger.AddWritten(batch.Data.Length);
                }
                finally { batch.Dispose(); }
            }, options);
            tail.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
            return sink.Completion;
        }, cancellationToken);
}
