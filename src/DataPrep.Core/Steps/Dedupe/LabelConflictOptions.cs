using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>Rows identical on their features (the dedupe keys) but with different labels.</summary>
public sealed class LabelConflictOptions
{
    /// <summary>The label column. It is never part of the features.</summary>
    public string Label { get; set; } = "";

    /// <summary>What happens to a conflicting group: <c>quarantine</c> all its rows, or <c>keep_majority</c> (rows of the most frequent label stay; the others are dropped; a tie quarantines the group).</summary>
    public LabelConflictAction Action { get; set; } = LabelConflictAction.Quarantine;

    internal void Check(string path, OptionsValidationContext context)
    {
        if (string.IsNullOrEmpty(Label)) context.Error($"{path}.label", DiagnosticCodes.MissingRequired, "name the label column");
    }
}

/// <summary>What happens to rows that share features but not labels.</summary>
public enum LabelConflictAction
{
    /// <summary>Quarantine every row of the group (reason <c>dedupe.label_conflict</c>).</summary>
    Quarantine,

    /// <summary>Keep the rows of the group's most frequent label (deduplicated as usual); drop the others (reason <c>dedupe.label_minority</c>). A tie for the most frequent quarantines the group.</summary>
    KeepMajority,
}
