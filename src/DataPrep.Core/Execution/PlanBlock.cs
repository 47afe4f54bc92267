namespace DataPrep.Execution;

/// <summary>What a block of the Dataflow graph does.</summary>
public enum BlockRole
{
    /// <summary>Reads the input files in order.</summary>
    Source,

    /// <summary>Runs one or more consecutive map (or fitted, once fitted) steps on each batch, in parallel, order kept.</summary>
    Map,

    /// <summary>The parallel part of a sequential step (hashing).</summary>
    Prepare,

    /// <summary>The order-dependent part of a sequential step, at degree 1; it only marks rows.</summary>
    Apply,

    /// <summary>Removes the rows the apply block before it marked, in parallel (the copy is the costly part).</summary>
    Compact,

    /// <summary>Removes the rows a sequential step removed in an earlier fit pass, from its recorded decisions, in parallel.</summary>
    Replay,

    /// <summary>
    /// Feeds a fitted step's accumulators, in parallel. One that names a step whose compact block it
    /// replaced (<see cref="PlanBlock.TakesRowsOf"/>) feeds them only the rows that step kept.
    /// </summary>
    Accumulate,

    /// <summary>Merges accumulators in source order, at degree 1.</summary>
    Merge,

    /// <summary>
    /// Writes data, quarantine and drop records into the staging folder, at degree 1. A sink block
    /// that takes a step's rows (<see cref="PlanBlock.TakesRowsOf"/>) writes only the rows that step
    /// kept: the step's compact block was left to the writer, which skips the marked rows while it
    /// copies rows into its own buffers.
    /// </summary>
    Sink,
}

/// <summary>One block of a pass: its steps, its degree of parallelism and its bounded capacity.</summary>
/// <param name="RecordsDecisions">An apply block whose removals a later fit pass replays (<see cref="BlockRole.Replay"/>).</param>
/// <param name="TakesRowsOf">
/// A sink or accumulate block that takes the rows this step kept itself, the step's compact block
/// left out. A sink's writer skips the removed rows in the copy it makes anyway; the accumulators
/// read a copy of the kept rows made for them, whose arrays take the next batch's rows when every
/// accumulator copies what it keeps (<see cref="Steps.IAccumulatesCopies"/>).
/// </param>
public sealed record PlanBlock(string Name, BlockRole Role, IReadOnlyList<int> Steps, int Degree, int Capacity, bool RecordsDecisions = false, int? TakesRowsOf = null)
{
    /// <summary>Batches the block holds, those it works on included: the configured capacity, and at least one a worker.</summary>
    public int Capacity { get; init; } = Bound(Capacity, Degree);

    /// <summary>A block's bound: it counts the batches the block works on too, so at least one a worker (two would cap a 16-core block's parallelism).</summary>
    internal static int Bound(int capacity, int degree) => Math.Max(capacity, degree);
}
