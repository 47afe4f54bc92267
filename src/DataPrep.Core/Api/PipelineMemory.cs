using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Execution;

namespace DataPrep;

// In-memory runs: the same plan, passes and ledger checks as RunAsync, with the results handed to
// the host instead of committed to an output root. The definition's sink is not written.
public sealed partial class Pipeline
{
    /// <summary>
    /// Runs the pipeline and collects the output batches in memory (whatever sink the definition
    /// names; nothing is written). Throws like <see cref="RunAsync"/>.
    /// </summary>
    public async Task<MemoryResult> CollectAsync(RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var plan = await CompileAsync(options, cancellationToken).ConfigureAwait(false);
        var batches = new List<RecordBatch>();
        var removed = new List<RemovedRow>();
        var time = options?.Time ?? TimeProvider.System;
        using var observer = new RunObserver(LoggerFor(options), plan, time, "memory");
        try
        {
            var ledger = await new MemoryRunner(plan, time).RunAsync((batch, _) =>
            {
                batches.Add(batch);
                return ValueTask.CompletedTask;
            }, r => removed.Add(ToRemoved(plan, r)), cancellationToken).ConfigureAwait(false);
            observer.Succeeded(ledger, null);
            return new MemoryResult(plan.OutputSchema, batches, removed, ledger, plan);
        }
        catch (Exception e)
        {
            foreach (var batch in batches) batch.Dispose();
            observer.Failed(e);
            throw;
        }
        finally
        {
            plan.ReleaseSteps();
        }
    }

    /// <summary>
    /// Runs the pipeline and streams the output batches in source order as they are produced, with
    /// back-pressure (whatever sink the definition names; nothing is written). The caller owns and
    /// disposes each batch. Removed rows go to <paramref name="removed"/> when given. The run's
    /// checks (ledger, bad-fraction limit) happen at the end: a failing run throws from the last
    /// <c>MoveNextAsync</c>, after the batches it produced. Stopping the enumeration cancels the run.
    /// </summary>
    public async IAsyncEnumerable<RecordBatch> StreamAsync(RunOptions? options = null, ICollection<RemovedRow>? removed = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var plan = await CompileAsync(options, cancellationToken).ConfigureAwait(false);
        var time = options?.Time ?? TimeProvider.System;
        var channel = Channel.CreateBounded<RecordBatch>(new BoundedChannelOptions(Math.Max(1, plan.Capacity)) { SingleReader = true, SingleWriter = true });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var observer = new RunObserver(LoggerFor(options), plan, time, "memory");
        var run = Task.Run(async () =>
        {
            try
            {
                var ledger = await new MemoryRunner(plan, time).RunAsync(channel.Writer.WriteAsync, r => removed?.Add(ToRemoved(plan, r)), cancel.Token).ConfigureAwait(false);
                observer.Succeeded(ledger, null);
                return null;
            }
            catch (Exception e)
            {
                observer.Failed(e);
                return e;
            }
            finally { channel.Writer.Complete(); }
        }, CancellationToken.None);
        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false)) yield return batch;
            if (await run.ConfigureAwait(false) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
            while (channel.Reader.TryRead(out var left)) left.Dispose();
            plan.ReleaseSteps();
            observer.Dispose();
        }
    }

    private static RemovedRow ToRemoved(ExecutionPlan plan, RowRecord record) =>
        new(record.StepId, record.Fate, record.Code, record.Message, plan.Inputs[record.Row.Source], record.Row.Row, record.Values);
}
