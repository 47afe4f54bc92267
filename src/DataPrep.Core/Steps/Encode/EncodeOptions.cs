using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.Steps.Encode;

/// <summary>
/// Encodes categorical columns as numbers: one-hot, ordinal or feature hashing. One-hot and ordinal
/// fit a vocabulary (kept in the fit artifact): categories seen at least <c>min_frequency</c> times,
/// at most <c>max_categories</c> of the most frequent, ordered by value as scikit-learn orders them.
/// Nulls are missing, not a category: all-zero one-hot, null ordinal, zero hashing features.
/// </summary>
public sealed class EncodeOptions : IValidatableOptions
{
    /// <summary>The categorical columns (string, integer or boolean). Each is replaced by its encoding.</summary>
    public List<string> Columns { get; set; } = [];

    /// <summary><c>one_hot</c>: one float64 column per vocabulary slot, named <c>COLUMN_0</c> .. <c>COLUMN_{max_categories-1}</c>; <c>ordinal</c>: an int32 code 0..k-1 in vocabulary order; <c>hashing</c>: <c>n_features</c> float64 columns <c>COLUMN_h0</c>.., ±1 at the category's hash (no vocabulary).</summary>
    public EncodeMethod Method { get; set; } = EncodeMethod.OneHot;

    /// <summary>Categories seen fewer times than this in fitting are not in the vocabulary (they count as unknown).</summary>
    [Range(1, long.MaxValue)]
    public long MinFrequency { get; set; } = 1;

    /// <summary>At most this many categories per column (the most frequent; ties go to the smaller value). For one-hot it is also the number of output columns per input column, so the schema is known before fitting.</summary>
    [Range(1, 10_000)]
    public int MaxCategories { get; set; } = 32;

    /// <summary>A value not in the vocabulary at apply time: <c>error</c> quarantines the row (reason <c>encode.unknown_category</c>), <c>ignore</c> encodes it as all-zero one-hot / null ordinal, <c>other</c> maps it to an extra category (one-hot column <c>COLUMN_other</c>, ordinal code k).</summary>
    public UnknownCategoryAction HandleUnknown { get; set; } = UnknownCategoryAction.Error;

    /// <summary>Output columns per input column for <c>hashing</c>.</summary>
    [Range(1, 1 << 20)]
    public int NFeatures { get; set; } = 16;

    /// <summary>For <c>hashing</c>: the sign of each feature comes from the hash too (as scikit-learn's FeatureHasher alternate_sign), so collisions cancel on average.</summary>
    public bool AlternateSign { get; set; } = true;

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column to encode");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++)
        {
            if (!seen.Add(Columns[i])) context.Error($"columns[{i}]", DiagnosticCodes.DuplicateColumn, $"column '{Columns[i]}' is listed twice");
        }
    }
}

/// <summary>How categories become numbers.</summary>
public enum EncodeMethod
{
    OneHot,
    Ordinal,
    Hashing,
}

/// <summary>What happens to a category the vocabulary lacks.</summary>
public enum UnknownCategoryAction
{
    Error,
    Ignore,
    Other,
}
