using DataPrep.Data;

namespace DataPrep.Steps.Rebalance;

/// <summary>From class statistics to a plan per class: targets, thresholds, SMOTE neighbours, jitter scales, weights.</summary>
internal static class RebalanceFit
{
    public static Dictionary<UInt128, ClassPlan> Plan(RebalanceOptions options, string stepId, RebalanceStatistics s, int d, int c)
    {
        var targets = RebalanceTargets.Compute(options, s.Classes);
        var total = s.Classes.Values.Sum(x => x.Count);
        var smote = options.Method is RebalanceMethod.Smote or RebalanceMethod.SmoteNc;
        var plans = new Dictionary<UInt128, ClassPlan>();
        foreach (var (hash, cls) in s.Classes)
        {
            var target = targets[hash];
            var threshold = RowKey.Max;
            long copies = 0;
            SmoteClass? neighbours = null;
            if (target < cls.Count)
            {
                threshold = Nth(cls.Keys.ToArray(), target);
            }
            else if (target > cls.Count)
            {
                // Only rows with every feature present can seed SMOTE; any row can be repeated.
                var eligible = smote
                    ? cls.FeatureRows.Select(id => new RowKey(new StableRandom(s.Seed, stepId, id).NextUInt64(), id)).ToArray()
                    : cls.Keys.ToArray();
                if (eligible.Length == 0)
                    throw new InvalidDataException($"class '{cls.Label}' has no row with every feature present to make rows from");
                var extra = target - cls.Count;
                copies = extra / eligible.Length;
                threshold = Nth(eligible, extra % eligible.Length);
                if (smote) neighbours = SmoteClass.Build(cls, d, c, options.K);
            }
            plans[hash] = new ClassPlan
            {
                Label = cls.Label,
                Count = cls.Count,
                Target = target,
                Threshold = threshold,
                Copies = copies,
                Smote = neighbours,
                Std = options.Jitter > 0 && target > cls.Count ? Std(cls, d) : null,
                Weight = (double)total / (s.Classes.Count * cls.Count),
            };
        }
        return plans;
    }

    /// <summary>
    /// Population standard deviation of each feature within the class (missing values skipped),
    /// summed in source order: the same bits however the batches were cut and merged.
    /// </summary>
    private static double[] Std(ClassStatistics cls, int d)
    {
        var order = Enumerable.Range(0, cls.FeatureRows.Count).OrderBy(i => cls.FeatureRows[i].Source).ThenBy(i => cls.FeatureRows[i].Row).ThenBy(i => (uint)cls.FeatureRows[i].Copy).ToArray();
        var std = new double[d];
        for (var f = 0; f < d; f++)
        {
            double n = 0, mean = 0, m2 = 0;
            foreach (var i in order)
            {
                var x = cls.Features[i * d + f];
                if (double.IsNaN(x)) continue;
                n++;
                var delta = x - mean;
                mean += delta / n;
                m2 += delta * (x - mean);
            }
            std[f] = n > 0 ? Math.Sqrt(m2 / n) : 0;
        }
        return std;
    }

    /// <summary>The <paramref name="n"/>-th smallest key: exactly n keys lie below it (keys are distinct, ties broken by row id).</summary>
    private static RowKey Nth(RowKey[] keys, long n)
    {
        Array.Sort(keys);
        return n < keys.Length ? keys[n] : RowKey.Max;
    }
}
