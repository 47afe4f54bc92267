using DataPrep.Definition;

namespace DataPrep.Steps.Select;

/// <summary>Keeps some columns, in the order given, or removes some. The reference step to copy when adding one.</summary>
public sealed class SelectOptions : IValidatableOptions
{
    /// <summary>Columns to keep, in output order. Leave empty to keep all but <c>exclude</c>.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary>Columns to remove; the others keep their order.</summary>
    public List<string> Exclude { get; set; } = [];

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0 && Exclude.Count == 0)
            context.BadValue("", "give 'columns' to keep or 'exclude' to remove");
        if (Columns.Count > 0 && Exclude.Count > 0)
            context.BadValue("exclude", "give either 'columns' or 'exclude', not both");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!seen.Add(Columns[i])) context.Error($"columns[{i}]", DiagnosticCodes.DuplicateColumn, $"column '{Columns[i]}' is listed twice");
        }
    }
}
