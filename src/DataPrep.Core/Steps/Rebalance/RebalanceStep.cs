using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Rebalance;

/// <summary>
/// Rebalances classes in two halves: a fit pass counts classes (and keeps what SMOTE and jitter
/// need), then batches apply in parallel, each row deciding alone by its seeded key against the
/// per-class thresholds of the fit. Made rows follow the row they were made from.
/// </summary>
internal sealed class RebalanceStep(RebalanceOptions options, string id) : IFittedStep
{
    private int _label = -1;
    private int[] _features = [];
    private int[] _categorical = [];
    private Schema _output = null!;
    private Dictionary<UInt128, ClassPlan> _plans = [];
    private long _bytes = -1;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    internal IReadOnlyDictionary<UInt128, ClassPlan> Plans => _plans;

    private bool UsesSmote => options.Method is RebalanceMethod.Smote or RebalanceMethod.SmoteNc;

    private bool UsesFeatures => UsesSmote || options.Jitter > 0;

    public Schema Bind(Schema input, BindContext context)
    {
        if (context.RequireColumn(input, options.Label, "label") is { } label)
        {
            _label = input.GetFieldIndex(options.Label);
            if (label.DataType is not (StringType or BooleanType) && !(ColumnTypes.IsNumeric(label.DataType) && !ArrowValues.IsFloatingPoint(label.DataType) && label.DataType is not Decimal128Type))
                context.Error("label", DiagnosticCodes.RebalanceLabel, $"label column '{options.Label}' is {ColumnTypes.Format(label.DataType)}; a label must be a string, integer or boolean column");
        }
        for (var i = 0; i < options.Categorical.Count; i++) context.RequireColumn(input, options.Categorical[i], $"categorical[{i}]");
        _categorical = options.Categorical.Select(c => input.GetFieldIndex(c)).Where(i => i >= 0).ToArray();
        if (UsesFeatures) BindFeatures(input, context);

        var fields = input.FieldsList.ToList();
        if (options.Method == RebalanceMethod.ClassWeight) fields.Add(NewColumn(input, options.WeightColumn, DoubleType.Default, true, "weight_column", context));
        if (options.SyntheticColumn is { } synthetic) fields.Add(NewColumn(input, synthetic, BooleanType.Default, false, "synthetic_column", context));
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    private void BindFeatures(Schema input, BindContext context)
    {
        for (var i = 0; i < options.Features.Count; i++) context.RequireColumn(input, options.Features[i], $"features[{i}]");
        var names = options.Features.Count > 0
            ? options.Features.Where(f => input.GetFieldIndex(f) >= 0)
            : input.FieldsList.Where(f => RebalanceColumns.IsFeatureType(f.DataType) && f.Name != options.Label && !options.Categorical.Contains(f.Name)).Select(f => f.Name);
        _features = names.Select(n => input.GetFieldIndex(n)).ToArray();
        foreach (var f in _features)
        {
            var field = input.GetFieldByIndex(f);
            if (!RebalanceColumns.IsFeatureType(field.DataType))
                context.Error("features", DiagnosticCodes.RebalanceFeature, $"feature '{field.Name}' is {ColumnTypes.Format(field.DataType)}; features must be integer or floating-point columns");
        }
        if (_features.Length == 0 && options.Features.Count == 0)
            context.Error("features", DiagnosticCodes.RebalanceFeature, $"{(UsesSmote ? "SMOTE" : "jitter")} needs numeric feature columns and the input has none besides the label");
    }

    private static Field NewColumn(Schema input, string name, IArrowType type, bool nullable, string member, BindContext context)
    {
        if (input.GetFieldIndex(name) >= 0) context.Error(member, DiagnosticCodes.DuplicateColumn, $"column '{name}' already exists; choose another name");
        return new Field(name, type, nullable);
    }

    public string DescribeState()
    {
        var fit = options.Method switch
        {
            RebalanceMethod.ClassWeight => "a row count per class",
            RebalanceMethod.Smote or RebalanceMethod.SmoteNc => $"every row with complete features ({_features.Length} x 8 bytes + {_categorical.Length} categorical values + 16 bytes id), then k-nearest-neighbour lists of the classes that grow (global by nature)",
            _ => "a 64-bit key and a row id per row (32 bytes a row), for exact counts" + (options.Jitter > 0 ? $", and the {_features.Length} feature values of every row for the jitter scale" : ""),
        };
        return $"fit: {fit}; apply: one threshold per class" + (_bytes >= 0 ? $"; the last fit held {_bytes:N0} bytes" : "");
    }

    public IStatistics CreateStatistics() => new RebalanceStatistics();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var s = (RebalanceStatistics)statistics;
        s.Seed = context.Seed;
        var labels = input.Column(_label);
        var hashes = RowHasher.Hash(input, [_label]);
        var features = _features.Select(input.Column).ToArray();
        var categorical = _categorical.Select(input.Column).ToArray();
        var keys = options.Method is RebalanceMethod.Undersample or RebalanceMethod.Oversample;
        Span<double> values = stackalloc double[features.Length];
        for (var row = 0; row < input.Length; row++)
        {
            if (labels.IsNull(row)) continue;
            if (!s.Classes.TryGetValue(hashes[row], out var cls))
                s.Classes[hashes[row]] = cls = new ClassStatistics(ArrowValues.Format(ArrowValues.Get(labels, row)));
            cls.Count++;
            var rowId = context.RowIdAt(row);
            if (keys) cls.Keys.Add(new RowKey(new StableRandom(context.Seed, Id, rowId).NextUInt64(), rowId));
            if (!UsesFeatures) continue;
            var complete = true;
            for (var f = 0; f < features.Length; f++)
            {
                if (!ArrowValues.TryGetDouble(features[f], row, out values[f]) || !double.IsFinite(values[f])) values[f] = double.NaN;
                complete &= !double.IsNaN(values[f]);
            }
            if (UsesSmote && !complete) continue;
            cls.FeatureRows.Add(rowId);
            foreach (var v in values) cls.Features.Add(v);
            foreach (var c in categorical) cls.Categorical.Add(ArrowValues.Get(c, row));
        }
    }

    public void Fit(IStatistics merged)
    {
        var s = (RebalanceStatistics)merged;
        _plans = RebalanceFit.Plan(options, Id, s, _features.Length, _categorical.Length);
        _bytes = s.Classes.Values.Sum(c => c.Bytes) + _plans.Values.Sum(p => p.Smote?.Bytes ?? 0);
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context) => new RebalanceApply(options, Id, _plans, _label, _features, _categorical, _output).Run(input, context);
}
