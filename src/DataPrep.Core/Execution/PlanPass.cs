namespace DataPrep.Execution;

/// <summary>
/// One read of the source through a chain of blocks. Fit passes end in a fitted step's
/// accumulators; the last pass ends in the sink.
/// </summary>
/// <param name="FitsStep">Index of the step this pass fits, or null for the final pass.</param>
/// <param name="Reason">Why the pass exists, for <c>dataprep explain</c>.</param>
public sealed record PlanPass(int Number, int? FitsStep, string Reason, IReadOnlyList<PlanBlock> Blocks)
{
    /// <summary>
    /// The step right after <see cref="FitsStep"/> when this pass fits it too: its statistics are
    /// taken on <see cref="FitsStep"/>'s input and completed with the values that step fills
    /// (<see cref="Steps.IFitsThroughFill"/>). Null when the pass fits one step.
    /// </summary>
    public int? AlsoFits { get; init; }

    /// <summary>The steps this pass fits, in order.</summary>
    public IEnumerable<int> Fitted => FitsStep is { } i ? AlsoFits is { } j ? [i, j] : [i] : [];

    public bool IsFinal => FitsStep is null;
}
