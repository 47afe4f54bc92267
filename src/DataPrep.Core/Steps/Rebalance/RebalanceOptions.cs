using System.ComponentModel.DataAnnotations;
using DataPrep.Definition;

namespace DataPrep.Steps.Rebalance;

/// <summary>
/// Changes the class balance of a label column: drops rows (undersampling), repeats them
/// (oversampling, optionally with Gaussian jitter), makes new ones between neighbours (SMOTE,
/// SMOTE-NC), or adds a balanced class-weight column instead. Class counts come out exactly as
/// asked; every choice is seeded and the same at any parallelism or batch size.
/// </summary>
public sealed class RebalanceOptions : IValidatableOptions
{
    /// <summary>The label column whose classes are balanced.</summary>
    [Required]
    public string Label { get; set; } = "";

    /// <summary>How the balance changes.</summary>
    public RebalanceMethod Method { get; set; } = RebalanceMethod.Undersample;

    /// <summary>
    /// Which classes are resampled when <c>counts</c> is not given (imbalanced-learn's names):
    /// undersampling brings them down to the minority class (or to <c>ratio</c>), oversampling brings
    /// them up to the majority class (or to <c>ratio</c>). <c>auto</c> means <c>not_minority</c> for
    /// undersampling and <c>not_majority</c> for oversampling.
    /// </summary>
    public RebalanceClasses Classes { get; set; } = RebalanceClasses.Auto;

    /// <summary>
    /// Desired ratio of a resampled class to the majority (oversampling: count = floor(ratio x majority))
    /// or of the minority to a resampled class (undersampling: count = floor(minority / ratio)). A
    /// class already past the target is left alone. Between 0 (exclusive) and 1.
    /// </summary>
    public double? Ratio { get; set; }

    /// <summary>
    /// Exact row count per class after rebalancing (class value as text → count); classes not named
    /// keep their rows. Undersampling may only lower counts, the oversampling methods only raise them.
    /// </summary>
    public Dictionary<string, long> Counts { get; set; } = [];

    /// <summary>
    /// Numeric feature columns that SMOTE interpolates and jitter perturbs. Empty means every numeric
    /// column but the label and <c>categorical</c>.
    /// </summary>
    public List<string> Features { get; set; } = [];

    /// <summary>Categorical feature columns for <c>smote_nc</c>: a made row takes the most frequent value among the neighbours.</summary>
    public List<string> Categorical { get; set; } = [];

    /// <summary>Number of nearest neighbours (within the class) SMOTE chooses from.</summary>
    [Range(1, 100)]
    public int K { get; set; } = 5;

    /// <summary>
    /// For <c>oversample</c>: standard deviation of Gaussian noise added to the numeric features of
    /// repeated rows, as a fraction of the feature's standard deviation within the class (imbalanced-learn's
    /// <c>shrinkage</c>). 0 repeats rows exactly.
    /// </summary>
    public double Jitter { get; set; }

    /// <summary>Name of the float64 column <c>class_weight</c> adds (n_rows / (n_classes x n_class), as scikit-learn's "balanced").</summary>
    public string WeightColumn { get; set; } = "class_weight";

    /// <summary>Optional name of a boolean column that is true for rows the step made and false for the others.</summary>
    public string? SyntheticColumn { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Ratio is { } r && !(r > 0 && r <= 1)) context.Error("ratio", DiagnosticCodes.RebalanceTarget, $"ratio must be in (0, 1], not {r}");
        if (Ratio is not null && Counts.Count > 0) context.Error("counts", DiagnosticCodes.RebalanceTarget, "give either 'ratio' or 'counts', not both");
        foreach (var (label, count) in Counts)
        {
            if (count < 0) context.Error($"counts.{label}", DiagnosticCodes.RebalanceTarget, $"a count cannot be negative ({count})");
        }
        if (Method == RebalanceMethod.ClassWeight && (Ratio is not null || Counts.Count > 0 || Classes != RebalanceClasses.Auto))
            context.Error("method", DiagnosticCodes.RebalanceTarget, "class_weight keeps every row; 'ratio', 'counts' and 'classes' do not apply");
        if (Jitter < 0 || double.IsNaN(Jitter)) context.Error("jitter", DiagnosticCodes.RebalanceTarget, $"jitter must be 0 or more, not {Jitter}");
        if (Jitter > 0 && Method != RebalanceMethod.Oversample) context.Error("jitter", DiagnosticCodes.RebalanceTarget, "jitter applies to method oversample only");
        if (Categorical.Count > 0 && Method != RebalanceMethod.SmoteNc) context.Error("categorical", DiagnosticCodes.RebalanceFeature, "categorical features apply to method smote_nc only");
        if (Method == RebalanceMethod.SmoteNc && Categorical.Count == 0) context.Error("categorical", DiagnosticCodes.RebalanceFeature, "smote_nc needs at least one categorical column; use smote for numeric features only");
    }
}

/// <summary>How <c>rebalance</c> changes the class balance.</summary>
public enum RebalanceMethod
{
    /// <summary>Drop randomly chosen rows of the resampled classes (random undersampling).</summary>
    Undersample,

    /// <summary>Repeat rows of the resampled classes, each as evenly as the count allows (random oversampling), optionally with jitter.</summary>
    Oversample,

    /// <summary>Make new rows on the segment between a row and one of its k nearest neighbours of the same class (numeric features).</summary>
    Smote,

    /// <summary>SMOTE for mixed numeric and categorical features (Chawla et al.'s SMOTE-NC).</summary>
    SmoteNc,

    /// <summary>Keep every row and add a balanced class-weight column.</summary>
    ClassWeight,
}

/// <summary>Which classes <c>rebalance</c> resamples (imbalanced-learn's sampling strategies).</summary>
public enum RebalanceClasses
{
    /// <summary><c>not_minority</c> for undersampling, <c>not_majority</c> for oversampling.</summary>
    Auto,

    /// <summary>Only the smallest class.</summary>
    Minority,

    /// <summary>Only the largest class.</summary>
    Majority,

    /// <summary>Every class but the smallest.</summary>
    NotMinority,

    /// <summary>Every class but the largest.</summary>
    NotMajority,

    /// <summary>Every class.</summary>
    All,
}
