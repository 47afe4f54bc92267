using DataPrep.Definition;

namespace DataPrep.Steps.Rename;

/// <summary>Renames columns.</summary>
public sealed class RenameOptions : IValidatableOptions
{
    /// <summary>Old name → new name.</summary>
    public Dictionary<string, string> Columns { get; set; } = [];

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column to rename");
        foreach (var (from, to) in Columns)
        {
            if (string.IsNullOrWhiteSpace(to)) context.BadValue($"columns.{from}", "the new name is empty");
        }
    }
}
