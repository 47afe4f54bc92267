using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Removes duplicate rows: exact duplicates compared on key columns by 128-bit hashes, or, with
/// <c>near</c>, near-duplicate texts (MinHash + LSH). Each dropped row's record names the row that
/// survived in its place. With <c>label_conflicts</c>, rows equal on their features but not on
/// their label are found and routed.
/// </summary>
public sealed class DedupeOptions : IValidatableOptions
{
    /// <summary>Columns that make two rows duplicates. Empty means every column (minus <c>exclude</c>, and minus the label of <c>label_conflicts</c>).</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>Columns left out of the comparison when <c>keys</c> is empty, e.g. a row id.</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Which row of a duplicate group survives: the first in source order, or the last (which needs a pass over the data first).</summary>
    public KeepPolicy Keep { get; set; } = KeepPolicy.First;

    /// <summary>Near-duplicate text mode: rows whose texts in one column are similar (Jaccard of their shingles) are clustered and all but one dropped. Replaces the exact comparison.</summary>
    public NearDuplicateOptions? Near { get; set; }

    /// <summary>Label check: rows identical on their features (the keys) but with different labels are quarantined, or all but the majority label dropped. Exact duplicates are removed as usual.</summary>
    public LabelConflictOptions? LabelConflicts { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Keys.Count > 0 && Exclude.Count > 0)
            context.BadValue("exclude", "give either 'keys' or 'exclude', not both");
        if (Near is not null)
        {
            if (Keys.Count > 0 || Exclude.Count > 0)
                context.BadValue("near", "near-duplicate dedupe compares one text column; leave out 'keys' and 'exclude'");
            if (LabelConflicts is not null)
                context.BadValue("label_conflicts", "give either 'near' or 'label_conflicts', not both");
            Near.Check("near", context);
        }
        LabelConflicts?.Check("label_conflicts", context);
    }
}

/// <summary>Which row of a duplicate group survives.</summary>
public enum KeepPolicy
{
    First,
    Last,
}
