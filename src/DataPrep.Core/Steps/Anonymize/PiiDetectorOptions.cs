using System.Text.RegularExpressions;
using DataPrep.Definition;

namespace DataPrep.Steps.Anonymize;

/// <summary>A user-defined free-text detector: a regular expression, optionally confirmed by a checksum.</summary>
public sealed class PiiDetectorOptions
{
    /// <summary>Entity name; matches become <c>&lt;NAME&gt;</c> (upper-cased), e.g. <c>employee_id</c> → <c>&lt;EMPLOYEE_ID&gt;</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>A .NET regular expression; each match is one entity (use lookarounds or \b for boundaries).</summary>
    public string Pattern { get; set; } = "";

    /// <summary>A checksum every match must pass, computed over its letters and digits.</summary>
    public PiiValidator Validator { get; set; } = PiiValidator.None;

    internal void Check(string path, OptionsValidationContext context)
    {
        if (!Regex.IsMatch(Name, "^[A-Za-z][A-Za-z0-9_]*$")) context.BadValue($"{path}.name", "give a name of letters, digits and '_', starting with a letter");
        if (Pattern.Length == 0) context.BadValue($"{path}.pattern", "give a regular expression");
        else
        {
            try { _ = new Regex(Pattern); }
            catch (ArgumentException e) { context.BadValue($"{path}.pattern", $"not a valid regular expression: {e.Message}"); }
        }
    }
}
