namespace DataPrep.Execution;

/// <summary>
/// One read of the source through a chain of blocks. Fit passes end in a fitted step's
/// accumulators; the last pass ends in the sink.
/// </summary>
/// <param name="FitsStep">Index of the step this pass fits, or null for the final pass.</param>
/// <param name="Reason">Why the pass exists, for <c>dataprep explain</c>.</param>
public sealed record PlanPass(int Number, int? FitsStep, string Reason, IReadOnlyList<PlanBlock> Blocks)
{
    public bool IsFinal => FitsStep is null;
}
