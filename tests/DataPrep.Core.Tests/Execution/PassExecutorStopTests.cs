using System.Threading.Tasks.Dataflow;
using DataPrep.Execution;

namespace DataPrep.Tests.Execution;

public sealed class PassExecutorStopTests
{
    [Fact]
    public async Task StoppedAsync_ABlockThatFinishedItsInputHoldingOutput_StopsOnceCancelled()
    {
        // The state a run was left in when its sink failed after the source had ended: the block's
        // input is complete, its output waits for a target that is gone, and then the graph is cancelled.
        using var cancel = new CancellationTokenSource();
        var block = new TransformBlock<int, int>(x => x, new ExecutionDataflowBlockOptions { CancellationToken = cancel.Token, BoundedCapacity = 8 });
        for (var i = 0; i < 3; i++) (await block.SendAsync(i)).Should().BeTrue();
        block.Complete();
        while (block.OutputCount < 3) await Task.Delay(10);
        await cancel.CancelAsync();
        // TPL Dataflow mostly leaves such a block incomplete after the cancellation (why StoppedAsync
        // exists); on a loaded machine it sometimes completes it on its own, which StoppedAsync must take too.

        await PassExecutor.StoppedAsync<int>([block]).WaitAsync(TimeSpan.FromSeconds(30)); // a guard against a hang, not a speed check

        block.Completion.IsCanceled.Should().BeTrue();
    }
}
