using DataPrep.Steps.Anonymize;
using DataPrep.Steps.Cast;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Filter;
using DataPrep.Steps.Rename;
using DataPrep.Steps.Select;
using DataPrep.Steps.Validate;

namespace DataPrep.Steps;

/// <summary>The single registration list of built-in steps: one line per step.</summary>
internal static class BuiltInSteps
{
    public static void AddTo(StepRegistry registry) => registry
        .Register<SelectOptions>("select", (o, id) => new SelectStep(o, id))
        .Register<RenameOptions>("rename", (o, id) => new RenameStep(o, id))
        .Register<CastOptions>("cast", (o, id) => new CastStep(o, id))
        .Register<FilterOptions>("filter", (o, id) => new FilterStep(o, id))
        .Register<ValidateOptions>("validate", (o, id) => new ValidateStep(o, id))
        .Register<AnonymizeOptions>("anonymize", (o, id) => new AnonymizeStep(o, id))
        .Register<DedupeOptions>("dedupe", (o, id) => o.Keep == KeepPolicy.First ? new DedupeFirstStep(o, id) : new DedupeLastStep(o, id));
}
