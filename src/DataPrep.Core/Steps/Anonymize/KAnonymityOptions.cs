using DataPrep.Definition;

namespace DataPrep.Steps.Anonymize;

/// <summary>k-anonymity over quasi-identifiers, measured on the values this step outputs (after generalization).</summary>
public sealed class KAnonymityOptions
{
    /// <summary>Columns an attacker could link to other data (age, postal code, gender...); their combination defines the equivalence classes.</summary>
    public List<string> QuasiIdentifiers { get; set; } = [];

    /// <summary>The smallest class size wanted.</summary>
    public int K { get; set; } = 5;

    /// <summary>What happens to rows in classes smaller than k.</summary>
    public SuppressAction Suppress { get; set; } = SuppressAction.None;

    internal void Check(string path, OptionsValidationContext context)
    {
        if (QuasiIdentifiers.Count == 0) context.BadValue($"{path}.quasi_identifiers", "give at least one quasi-identifier column");
        if (K < 2) context.BadValue($"{path}.k", "k must be 2 or more");
        if (QuasiIdentifiers.Distinct(StringComparer.Ordinal).Count() != QuasiIdentifiers.Count)
            context.Error($"{path}.quasi_identifiers", DiagnosticCodes.DuplicateColumn, "a column is listed twice");
    }
}
