using DataPrep.Definition;

namespace DataPrep.Steps.Normalize;

/// <summary>How one column is normalized. Write just the method (<c>income: zscore</c>) or a mapping with its settings.</summary>
[ScalarForm(nameof(Method))]
public sealed class NormalizeColumn
{
    /// <summary>The method.</summary>
    public NormalizeMethod Method { get; set; } = NormalizeMethod.Zscore;

    /// <summary>For min_max: the output range [min, max], default [0, 1].</summary>
    public List<double>? Range { get; set; }

    /// <summary>For quantile: how many quantiles are fitted (scikit-learn's n_quantiles; fewer when the column has fewer rows).</summary>
    [System.ComponentModel.DataAnnotations.Range(2, 100_000)]
    public int Quantiles { get; set; } = 1000;

    /// <summary>For quantile: the output distribution.</summary>
    public QuantileOutput Output { get; set; } = QuantileOutput.Uniform;

    /// <summary>For text: apply Unicode NFKC normalization.</summary>
    public bool Nfkc { get; set; } = true;

    /// <summary>For text: fold case (invariant lower case).</summary>
    public bool CaseFold { get; set; } = true;

    /// <summary>For text: turn every run of white space into one space and trim both ends.</summary>
    public bool CollapseWhitespace { get; set; } = true;

    /// <summary>For text: remove control and format characters (white space is handled by collapse_whitespace).</summary>
    public bool RemoveControl { get; set; } = true;

    internal double RangeMin => Range?[0] ?? 0;

    internal double RangeMax => Range?[1] ?? 1;

    internal void Check(string path, OptionsValidationContext context)
    {
        if (Range is not null && Method != NormalizeMethod.MinMax)
            context.BadValue($"{path}.range", "range is only for min_max");
        if (Range is not null && (Range.Count != 2 || !(Range[0] < Range[1]) || !double.IsFinite(Range[0]) || !double.IsFinite(Range[1])))
            context.BadValue($"{path}.range", "give [min, max] with finite min < max");
    }
}
