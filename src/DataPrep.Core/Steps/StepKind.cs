namespace DataPrep.Steps;

/// <summary>How a step runs (DESIGN.md §4).</summary>
public enum StepKind
{
    /// <summary>Row-local and stateless: runs in parallel, order preserved.</summary>
    Map,

    /// <summary>Needs statistics over its whole input first: gets a fit pass before it applies.</summary>
    Fitted,

    /// <summary>Order-dependent state while applying: runs at degree 1 on ordered input.</summary>
    Sequential,
}
