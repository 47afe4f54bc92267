using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>A step bound into a plan: its definition, where it is in the file, and its schemas.</summary>
public sealed class PlannedStep
{
    internal PlannedStep(StepDefinition definition, StepRegistration registration, IStep step, SourceLocation location, Schema input, Schema output)
    {
        Definition = definition;
        Registration = registration;
        Step = step;
        Location = location;
        Input = input;
        Output = output;
    }

    public StepDefinition Definition { get; }

    public string Id => Definition.Id;

    public StepKind Kind => Step.Kind;

    public SourceLocation Location { get; }

    /// <summary>
    /// For a fitted step after a <c>split</c>: the rows it fits on (train). Null when it fits on all
    /// rows. Set by the compiler; shown by <c>dataprep explain</c>.
    /// </summary>
    public FitFilter? FitFilter { get; internal set; }

    public Schema Input { get; }

    public Schema Output { get; }

    internal StepRegistration Registration { get; }

    internal IStep Step { get; }

    /// <summary>The rows this (sequential) step removed, recorded in a fit pass for later fit passes to replay.</summary>
    internal RemovalLog? Decisions { get; set; }

    /// <summary>The step's fit came from a fit artifact (<c>--fit</c>): no fit pass.</summary>
    public bool FitLoaded { get; internal set; }

    /// <summary>A fitted step whose statistics are reusable, so they go into the run's fit artifact.</summary>
    public bool HasReusableFit => Step is IFittedStep { HasReusableFit: true };

    /// <summary>
    /// A fresh instance for a pass. Sequential steps hold state while applying (keys seen), so each
    /// pass that runs them needs its own; map and fitted steps are shared (fitted ones keep their fit).
    /// </summary>
    internal IStep ForPass()
    {
        if (Step.Kind != StepKind.Sequential) return Step;
        var fresh = Registration.Create(Definition.Options, Definition.Id);
        fresh.Bind(Input, new BindContext());
        return fresh;
    }
}
