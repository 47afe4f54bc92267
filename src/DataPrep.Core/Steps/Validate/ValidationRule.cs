using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Validate;

/// <summary>One check on one column (or, for <c>unique</c>, a set of columns). Set exactly one check.</summary>
public sealed class ValidationRule
{
    /// <summary>The column checked.</summary>
    public string? Column { get; set; }

    /// <summary>For <c>unique</c>: the columns whose combination must be unique.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>The value must be present (null and NaN fail).</summary>
    public bool NotNull { get; set; }

    /// <summary>Inclusive numeric bounds [min, max]; null for an open end, e.g. [0, null].</summary>
    public List<double?>? Range { get; set; }

    /// <summary>A .NET regular expression the whole text value must match (anchor it yourself with ^ and $ for a full match).</summary>
    public string? Regex { get; set; }

    /// <summary>The values allowed, compared as text.</summary>
    public List<string>? Allowed { get; set; }

    /// <summary>The text value must parse as this type (int64, float64, boolean, date, timestamp, decimal(p,s)).</summary>
    public string? Type { get; set; }

    /// <summary>No two rows may share the value(s) of <c>column</c> or <c>columns</c>; later rows fail. As in SQL, a key with a null in it is never a duplicate.</summary>
    public bool Unique { get; set; }

    /// <summary>What happens to failing rows; the step's <c>on_fail</c> when not set.</summary>
    public RuleAction? OnFail { get; set; }

    /// <summary>Value put in place of a failing one on <c>repair</c> (not used by range, which clips).</summary>
    public string? RepairValue { get; set; }

    internal string CheckName => NotNull ? "not_null" : Range is not null ? "range" : Regex is not null ? "regex"
        : Allowed is not null ? "allowed" : Type is not null ? "type" : "unique";

    internal IReadOnlyList<string> TargetColumns => Column is not null ? [Column] : Columns;

    internal void Check(string path, RuleAction stepDefault, OptionsValidationContext context)
    {
        var checks = (NotNull ? 1 : 0) + (Range is not null ? 1 : 0) + (Regex is not null ? 1 : 0)
            + (Allowed is not null ? 1 : 0) + (Type is not null ? 1 : 0) + (Unique ? 1 : 0);
        if (checks != 1)
            context.BadValue(path, "set exactly one of not_null, range, regex, allowed, type, unique");
        if (Column is null == (Columns.Count == 0))
            context.BadValue(path, "set either 'column' or (for unique) 'columns'");
        if (Columns.Count > 0 && !Unique)
            context.BadValue($"{path}.columns", "'columns' is only for unique; use 'column'");
        if (Range is not null && (Range.Count != 2 || (Range[0] is { } lo && Range[1] is { } hi && lo > hi)))
            context.BadValue($"{path}.range", "give [min, max] with min <= max (null for an open end)");
        if (Regex is not null)
        {
            try { _ = new System.Text.RegularExpressions.Regex(Regex); }
            catch (ArgumentException e) { context.BadValue($"{path}.regex", $"not a valid regular expression: {e.Message}"); }
        }
        if (Type is not null && !ColumnTypes.TryParse(Type, out _, out var error)) context.BadValue($"{path}.type", error);
        var action = OnFail ?? stepDefault;
        if (action == RuleAction.Repair && Unique)
            context.BadValue($"{path}.on_fail", "a unique rule cannot repair; quarantine or drop the later rows");
        if (action == RuleAction.Repair && NotNull && RepairValue is null)
            context.BadValue($"{path}.repair_value", "repairing a not_null rule needs a repair_value");
    }
}
