namespace DataPrep.Steps.Dedupe;

/// <summary>Picks the dedupe implementation its options call for.</summary>
internal static class DedupeSteps
{
    public static IStep Create(DedupeOptions options, string id) =>
        options.Near is not null ? new NearDuplicateStep(options, id)
        : options.LabelConflicts is not null ? new LabelConflictStep(options, id)
        : options.Keep == KeepPolicy.First ? new DedupeFirstStep(options, id)
        : new DedupeLastStep(options, id);
}
