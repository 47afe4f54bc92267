using DataPrep.Steps.Anonymize;
using DataPrep.Steps.Cast;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Encode;
using DataPrep.Steps.Filter;
using DataPrep.Steps.Impute;
using DataPrep.Steps.Normalize;
using DataPrep.Steps.Outliers;
using DataPrep.Steps.Pad;
using DataPrep.Steps.Rebalance;
using DataPrep.Steps.Rename;
using DataPrep.Steps.Select;
using DataPrep.Steps.Split;
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
        .Register<NormalizeOptions>("normalize", (o, id) => new NormalizeStep(o, id))
        .Register<ImputeOptions>("impute", (o, id) => new ImputeStep(o, id))
        .Register<OutliersOptions>("outliers", (o, id) => new OutliersStep(o, id))
        .Register<AnonymizeOptions>("anonymize", (o, id) => new AnonymizeStep(o, id))
        .Register<DedupeOptions>("dedupe", DedupeSteps.Create)
        .Register<EncodeOptions>("encode", (o, id) => new EncodeStep(o, id))
        .Register<PadOptions>("pad", (o, id) => new PadStep(o, id))
        .Register<RebalanceOptions>("rebalance", (o, id) => new RebalanceStep(o, id))
        .Register<SplitOptions>("split", (o, id) => o.StratifyBy is null && o.GroupBy.Count <= 1 ? new SplitHashStep(o, id) : new SplitFittedStep(o, id));
}
