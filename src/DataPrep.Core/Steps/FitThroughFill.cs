namespace DataPrep.Steps;

/// <summary>
/// A fitted step whose fitted transform only fills missing values in place: each changed column
/// keeps its position, present values stay as they are (read as numbers, they read the same), no
/// rows are added or removed. Imputation with a mean, median, mode or constant is one. The plan
/// then fits the fitted step right after it in the same pass (<see cref="IFitsThroughFill"/>).
/// </summary>
internal interface IFillsMissing
{
    /// <summary>
    /// Null when the step, as bound, does more than fill in place (fills from neighbouring rows or
    /// other columns, or counts NaN as a value). Otherwise the input columns it changes (indexes,
    /// the same in its output), each with true when every missing slot (null or NaN) gets one
    /// number in a double column (<see cref="FillValue"/>) and false when it gets something else.
    /// </summary>
    IReadOnlyDictionary<int, bool>? Fills { get; }

    /// <summary>After fitting: the number written into a number-filled column's missing slots, or NaN when they stay missing.</summary>
    double FillValue(int column);
}

/// <summary>
/// A fitted step whose statistics can be taken on the input of an <see cref="IFillsMissing"/> step
/// right before it and completed afterwards with the values that step fills: its accumulators skip
/// missing values (null and NaN) and count them, and its statistics are exact, so that counting
/// each missing value as the fill afterwards gives the same statistics, bit for bit, as a pass over
/// the filled data. That saves a pass over the source.
/// </summary>
internal interface IFitsThroughFill
{
    /// <summary>
    /// Whether this step, as bound, can fit on the input of a step that changes <paramref name="fills"/>
    /// (see <see cref="IFillsMissing.Fills"/>) and has <paramref name="inputColumns"/> input columns:
    /// every column it takes statistics of is unchanged or number-filled, and before any column the
    /// filling step adds.
    /// </summary>
    bool CanFitThroughFill(IReadOnlyDictionary<int, bool> fills, int inputColumns);

    /// <summary>Before <see cref="IFittedStep.Fit(IStatistics)"/>: counts every missing value the accumulators saw in <paramref name="column"/> as <paramref name="value"/>.</summary>
    void AddFilled(IStatistics merged, int column, double value);
}
