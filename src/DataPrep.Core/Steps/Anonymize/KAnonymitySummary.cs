using DataPrep.Definition.Binding;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// What an <c>anonymize</c> step's k-anonymity measurement found in a run, as the manifest (step
/// ledger) and the quality report show it. Counts and risks only: never a quasi-identifier value.
/// Risks are the prosecutor model's (1 / size of the row's equivalence class).
/// </summary>
public sealed record KAnonymitySummary
{
    /// <summary>Id of the anonymize step (gates can refer to it: <c>k_anonymity.&lt;id&gt;.smallest_class</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The quasi-identifier columns whose combination defines the equivalence classes, measured after generalization.</summary>
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }

    /// <summary>The smallest class size asked for.</summary>
    public required int K { get; init; }

    /// <summary>What happens to rows of classes smaller than k: none, quarantine or drop.</summary>
    public required string Suppress { get; init; }

    /// <summary>Rows measured (the rows that reached the step).</summary>
    public required long Rows { get; init; }

    /// <summary>Equivalence classes among the measured rows.</summary>
    public required long Classes { get; init; }

    /// <summary>The smallest equivalence class before suppression: the k the input to the step has.</summary>
    public required long SmallestClass { get; init; }

    /// <summary>Rows in classes smaller than k.</summary>
    public required long RowsBelowK { get; init; }

    /// <summary>Rows removed (quarantined or dropped) because their class is smaller than k; 0 when suppress is none.</summary>
    public required long RowsSuppressed { get; init; }

    /// <summary>Re-identification risk of the most exposed measured row: 1 / smallest class.</summary>
    public required double MaximumRisk { get; init; }

    /// <summary>Mean re-identification risk over the measured rows: classes / rows.</summary>
    public required double AverageRisk { get; init; }

    /// <summary>Equivalence classes among the released rows (after suppression).</summary>
    public required long ReleasedClasses { get; init; }

    /// <summary>The smallest equivalence class among the released rows: at least k when rows are suppressed; 0 when no row is released.</summary>
    public required long ReleasedSmallestClass { get; init; }

    /// <summary>Re-identification risk of the most exposed released row (at most 1 / k when rows are suppressed).</summary>
    public required double ReleasedMaximumRisk { get; init; }

    /// <summary>Mean re-identification risk over the released rows.</summary>
    public required double ReleasedAverageRisk { get; init; }

    /// <summary>Bytes the step's class table held (a 128-bit hash and a count per class, in a hash table).</summary>
    public required long ClassTableBytes { get; init; }

    /// <summary>The summary of a fitted k-anonymity measurement over the given class sizes.</summary>
    internal static KAnonymitySummary From(string id, KAnonymityOptions options, IReadOnlyCollection<long> classSizes, long tableBytes)
    {
        var measured = KAnonymityMeasurement.From(classSizes, options.K);
        var suppressing = options.Suppress != SuppressAction.None;
        var released = suppressing ? KAnonymityMeasurement.From(classSizes.Where(s => s >= options.K), options.K) : measured;
        return new KAnonymitySummary
        {
            Id = id,
            QuasiIdentifiers = options.QuasiIdentifiers.ToArray(),
            K = options.K,
            Suppress = EnumNames.NameOf(options.Suppress),
            Rows = measured.Rows,
            Classes = measured.Classes,
            SmallestClass = measured.SmallestClass,
            RowsBelowK = measured.RowsBelowK,
            RowsSuppressed = suppressing ? measured.RowsBelowK : 0,
            MaximumRisk = measured.MaximumRisk,
            AverageRisk = measured.AverageRisk,
            ReleasedClasses = released.Classes,
            ReleasedSmallestClass = released.SmallestClass,
            ReleasedMaximumRisk = released.MaximumRisk,
            ReleasedAverageRisk = released.AverageRisk,
            ClassTableBytes = tableBytes,
        };
    }

    /// <summary>The measurement of a planned step, when it is an anonymize step with k-anonymity that has been fitted.</summary>
    internal static KAnonymitySummary? Of(IStep step) => step is AnonymizeStep { KAnonymity: { } summary } ? summary : null;
}
