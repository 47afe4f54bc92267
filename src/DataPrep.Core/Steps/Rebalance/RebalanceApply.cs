using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Rebalance;

/// <summary>
/// Applies the fitted plans to one batch: marks undersampled rows, declares and builds made rows
/// (each right after its origin, so the output order never depends on batch boundaries), and adds
/// the weight and synthetic columns. Every draw for a row comes from its own stream, in a fixed
/// order: selection key, then per made row its neighbour and gap (SMOTE) or its noise (jitter).
/// </summary>
internal sealed class RebalanceApply(RebalanceOptions options, string stepId, IReadOnlyDictionary<UInt128, ClassPlan> plans,
    int label, int[] features, int[] categorical, Schema output)
{
    private readonly List<int> _take = [];
    private readonly List<int> _madeRows = [];
    private readonly List<double> _madeFeatures = [];
    private readonly List<object?> _madeCategorical = [];
    private double?[]? _weights;

    public RecordBatch Run(RecordBatch input, BatchContext context)
    {
        var labels = input.Column(label);
        var hashes = RowHasher.Hash(input, [label]);
        var weighting = options.Method == RebalanceMethod.ClassWeight;
        if (weighting) _weights = new double?[input.Length];
        for (var row = 0; row < input.Length; row++)
        {
            _take.Add(row);
            var known = plans.TryGetValue(hashes[row], out var plan);
            if (weighting)
            {
                _weights![row] = labels.IsValid(row) && known ? plan!.Weight : null;
                continue;
            }
            if (!context.IsFitRow(row)) continue; // validation and test rows keep their natural balance
            if (labels.IsNull(row))
            {
                context.Quarantine(row, "rebalance.null_label", $"label '{options.Label}' is null; the row has no class to balance");
                continue;
            }
            if (!known) throw new InvalidDataException($"row {context.RowIdAt(row)} has a class not seen in the fit pass: the input changed between passes; rerun");
            if (plan!.Shrinks) Undersample(row, plan, context);
            else if (plan.Grows) Oversample(input, row, plan, context);
        }
        return Build(input);
    }

    private void Undersample(int row, ClassPlan plan, BatchContext context)
    {
        var id = context.RowIdAt(row);
        var key = new RowKey(new StableRandom(context.Seed, stepId, id).NextUInt64(), id);
        if (key.CompareTo(plan.Threshold) >= 0)
            context.Drop(row, "rebalance.undersampled", $"class '{plan.Label}' undersampled from {plan.Count} to {plan.Target} rows");
    }

    private void Oversample(RecordBatch input, int row, ClassPlan plan, BatchContext context)
    {
        var id = context.RowIdAt(row);
        var origin = -1;
        if (plan.Smote is { } smote && !smote.Index.TryGetValue(id, out origin)) return; // incomplete features: not a seed
        var random = new StableRandom(context.Seed, stepId, id);
        var key = new RowKey(random.NextUInt64(), id);
        var made = plan.Copies + (key.CompareTo(plan.Threshold) < 0 ? 1 : 0);
        if (made == 0) return;
        if (made > int.MaxValue / 2) throw new InvalidDataException($"class '{plan.Label}' would need {made} rows made from one row");
        context.MakeRows(row, (int)made);
        for (var k = 0; k < made; k++)
        {
            _madeRows.Add(_take.Count);
            _take.Add(row);
            if (plan.Smote is { } s) Interpolate(s, origin, ref random);
            else if (options.Jitter > 0) Jitter(input, row, plan, ref random);
        }
    }

    /// <summary>x = x_i + gap * (x_nn - x_i), gap uniform in [0, 1), nn one of the k nearest neighbours.</summary>
    private void Interpolate(SmoteClass s, int origin, ref StableRandom random)
    {
        var neighbour = s.K > 0 ? s.Neighbours[origin * s.K + (int)random.NextBelow((ulong)s.K)] : origin;
        var gap = random.NextDouble();
        for (var f = 0; f < s.D; f++)
        {
            var xi = s.Features[origin * s.D + f];
            _madeFeatures.Add(xi + gap * (s.Features[neighbour * s.D + f] - xi));
        }
        for (var f = 0; f < s.C; f++) _madeCategorical.Add(s.Modes[origin * s.C + f]);
    }

    private void Jitter(RecordBatch input, int row, ClassPlan plan, ref StableRandom random)
    {
        for (var f = 0; f < features.Length; f++)
        {
            var noise = random.NextGaussian() * options.Jitter * (plan.Std?[f] ?? 0);
            _madeFeatures.Add(ArrowValues.TryGetDouble(input.Column(features[f]), row, out var x) ? x + noise : double.NaN);
        }
    }

    private RecordBatch Build(RecordBatch input)
    {
        var arrays = new List<IArrowArray>(output.FieldsList.Count);
        if (_madeRows.Count == 0)
        {
            for (var c = 0; c < input.ColumnCount; c++) arrays.Add(ArrowShare.Retain(input.Column(c)));
        }
        else
        {
            using var taken = ArrowTake.Take(input, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_take));
            var patched = new IArrowArray?[input.ColumnCount];
            var interpolated = options.Method is RebalanceMethod.Smote or RebalanceMethod.SmoteNc || options.Jitter > 0;
            for (var f = 0; interpolated && f < features.Length; f++)
                patched[features[f]] = RebalanceColumns.ReplaceNumeric(taken.Column(features[f]), _madeRows, Every(_madeFeatures, f, features.Length));
            for (var f = 0; f < categorical.Length && _madeCategorical.Count > 0; f++)
                patched[categorical[f]] = RebalanceColumns.ReplaceValues(taken.Column(categorical[f]), _madeRows, Every(_madeCategorical, f, categorical.Length));
            for (var c = 0; c < input.ColumnCount; c++) arrays.Add(patched[c] ?? ArrowShare.Retain(taken.Column(c)));
        }
        if (_weights is not null)
        {
            var b = new DoubleArray.Builder().Reserve(_weights.Length);
            foreach (var w in _weights) { if (w is { } v) b.Append(v); else b.AppendNull(); }
            arrays.Add(b.Build());
        }
        if (options.SyntheticColumn is not null)
        {
            var b = new BooleanArray.Builder().Reserve(_take.Count);
            var m = 0;
            for (var o = 0; o < _take.Count; o++)
            {
                var made = m < _madeRows.Count && _madeRows[m] == o;
                if (made) m++;
                b.Append(made);
            }
            arrays.Add(b.Build());
        }
        return new RecordBatch(output, arrays, _take.Count);
    }

    private static List<T> Every<T>(List<T> values, int offset, int stride)
    {
        var result = new List<T>(values.Count / Math.Max(1, stride));
        for (var i = offset; i < values.Count; i += stride) result.Add(values[i]);
        return result;
    }
}
