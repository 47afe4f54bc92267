using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Removes exact duplicate rows, compared on key columns by 128-bit hashes. Each dropped row's
/// record names the row that survived in its place.
/// </summary>
public sealed class DedupeOptions : IValidatableOptions
{
    /// <summary>Columns that make two rows duplicates. Empty means every column (minus <c>exclude</c>).</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Columns left out of the comparison when <c>keys</c> is empty, e.g. a row id.</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Which row of a duplicate group survives: the first in source order, or the last (which needs a pass over the data first).</summary>
    public KeepPolicy Keep { get; set; } = KeepPolicy.First;

    public void Validate(OptionsValidationContext context)
    {
        if (Keys.Count > 0 && Exclude.Count > 0)
            context.BadValue("exclude", "give either 'keys' or 'exclude', not both");
    }
}

/// <summary>Which row of a duplicate group survives.</summary>
public enum KeepPolicy
{
    First,
    Last,
}
