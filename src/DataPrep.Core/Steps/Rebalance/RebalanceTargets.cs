namespace DataPrep.Steps.Rebalance;

/// <summary>
/// Turns class counts and the options into an exact target count per class, the way
/// imbalanced-learn reads its sampling strategies.
/// </summary>
internal static class RebalanceTargets
{
    public static Dictionary<UInt128, long> Compute(RebalanceOptions options, IReadOnlyDictionary<UInt128, ClassStatistics> classes)
    {
        var targets = classes.ToDictionary(c => c.Key, c => c.Value.Count);
        if (classes.Count == 0 || options.Method == RebalanceMethod.ClassWeight) return targets;
        var under = options.Method == RebalanceMethod.Undersample;
        if (options.Counts.Count > 0)
        {
            foreach (var (label, count) in options.Counts)
            {
                var match = classes.Where(c => c.Value.Label == label).ToList();
                if (match.Count == 0)
                    throw new InvalidDataException($"counts names class '{label}', which the data does not have; classes are: {string.Join(", ", classes.Values.Select(c => c.Label).Order(StringComparer.Ordinal))}");
                var have = match[0].Value.Count;
                if (under && count > have) throw new InvalidDataException($"counts asks {count} rows of class '{label}', which has {have}; undersampling only removes rows");
                if (!under && count < have) throw new InvalidDataException($"counts asks {count} rows of class '{label}', which has {have}; oversampling only adds rows (use undersample to remove)");
                targets[match[0].Key] = count;
            }
            return targets;
        }

        // Ties for the largest or smallest class go to the first label in ordinal order, so the choice is stable.
        var ordered = classes.OrderBy(c => c.Value.Label, StringComparer.Ordinal).ToList();
        var majority = ordered.MaxBy(c => c.Value.Count).Key;
        var minority = ordered.MinBy(c => c.Value.Count).Key;
        var nMajority = classes[majority].Count;
        var nMinority = classes[minority].Count;
        var which = options.Classes == RebalanceClasses.Auto ? (under ? RebalanceClasses.NotMinority : RebalanceClasses.NotMajority) : options.Classes;
        foreach (var (hash, stats) in classes)
        {
            var selected = which switch
            {
                RebalanceClasses.Minority => hash == minority,
                RebalanceClasses.Majority => hash == majority,
                RebalanceClasses.NotMinority => hash != minority,
                RebalanceClasses.NotMajority => hash != majority,
                _ => true,
            };
            if (!selected) continue;
            var goal = under
                ? (long)Math.Floor(nMinority / (options.Ratio ?? 1.0))
                : (long)Math.Floor(nMajority * (options.Ratio ?? 1.0));
            targets[hash] = under ? Math.Min(stats.Count, goal) : Math.Max(stats.Count, goal);
        }
        return targets;
    }
}
