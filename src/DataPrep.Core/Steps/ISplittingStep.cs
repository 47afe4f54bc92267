namespace DataPrep.Steps;

/// <summary>
/// A step that assigns rows to train / validation / test in a column. Fitted steps after it fit on
/// the rows whose column holds <see cref="FitValue"/> only, and apply those statistics to every row
/// (DESIGN.md §8: no statistics leak from validation or test into training).
/// </summary>
public interface ISplittingStep : IStep
{
    /// <summary>The column the step writes the split name into.</summary>
    string SplitColumn { get; }

    /// <summary>The split later fitted steps fit on (<c>train</c>).</summary>
    string FitValue { get; }
}
