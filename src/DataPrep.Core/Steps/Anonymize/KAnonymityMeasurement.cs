namespace DataPrep.Steps.Anonymize;

/// <summary>
/// k-anonymity of the released quasi-identifiers. Risks are the prosecutor model's: an attacker who
/// knows a person is in the data and knows their quasi-identifiers re-identifies them with
/// probability 1 / (size of their class).
/// </summary>
/// <param name="Rows">Rows measured.</param>
/// <param name="Classes">Equivalence classes (distinct quasi-identifier combinations).</param>
/// <param name="SmallestClass">The k the data actually has.</param>
/// <param name="RowsBelowK">Rows in classes smaller than the k asked for.</param>
/// <param name="MaximumRisk">1 / smallest class: the risk of the most exposed row.</param>
/// <param name="AverageRisk">Classes / rows: the mean re-identification probability over rows.</param>
public sealed record KAnonymityMeasurement(long Rows, long Classes, long SmallestClass, long RowsBelowK, double MaximumRisk, double AverageRisk)
{
    internal static KAnonymityMeasurement From(IEnumerable<long> classSizes, int k)
    {
        long rows = 0, classes = 0, smallest = long.MaxValue, below = 0;
        foreach (var size in classSizes)
        {
            rows += size;
            classes++;
            smallest = Math.Min(smallest, size);
            if (size < k) below += size;
        }
        if (classes == 0) return new KAnonymityMeasurement(0, 0, 0, 0, 0, 0);
        return new KAnonymityMeasurement(rows, classes, smallest, below, 1.0 / smallest, (double)classes / rows);
    }
}
