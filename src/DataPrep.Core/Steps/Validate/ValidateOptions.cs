using DataPrep.Definition;

namespace DataPrep.Steps.Validate;

/// <summary>
/// Checks rows against rules; a row that fails a rule is quarantined, dropped or repaired, as the
/// rule (or the step) says. A row failing several rules leaves for the first one's reason.
/// </summary>
public sealed class ValidateOptions : IValidatableOptions
{
    /// <summary>The rules, checked in order.</summary>
    public List<ValidationRule> Rules { get; set; } = [];

    /// <summary>What happens to failing rows unless a rule says otherwise.</summary>
    public RuleAction OnFail { get; set; } = RuleAction.Quarantine;

    public void Validate(OptionsValidationContext context)
    {
        if (Rules.Count == 0) context.BadValue("rules", "give at least one rule");
        for (var i = 0; i < Rules.Count; i++) Rules[i].Check($"rules[{i}]", OnFail, context);
    }
}

/// <summary>What happens to a row that fails a rule.</summary>
public enum RuleAction
{
    /// <summary>Send it to the quarantine with the rule's reason.</summary>
    Quarantine,

    /// <summary>Remove it, recorded as a drop with the reason.</summary>
    Drop,

    /// <summary>Fix the value and keep the row: range clips to the bounds; the others put <c>repair_value</c> (or null) in its place.</summary>
    Repair,
}
