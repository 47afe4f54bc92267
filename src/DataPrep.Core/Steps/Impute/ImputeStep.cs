using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Impute;

/// <summary>
/// Fitted imputation. The fit pass gathers per-batch statistics in parallel (<see cref="ImputeStatistics"/>);
/// apply fills each batch independently, so it runs in parallel too. Forward and backward fill are
/// order-dependent: the fit pass records each batch's last (first) present value with its row id,
/// and apply starts a batch from the nearest one before (after) it, so the result is the same as a
/// single sequential scan whatever the batch size or parallelism.
/// </summary>
internal sealed class ImputeStep(ImputeOptions options, string id) : IFittedStep, IFillsMissing, IAccumulatesCopies, IAppliesCopies
{
    private readonly ImputeTarget[] _targets = options.Columns.Select(p => new ImputeTarget(p.Key, p.Value)).ToArray();
    private int[] _features = [];
    private KnnDonors? _donors;
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    // Forward/backward fill state names rows of this run's data: it cannot be reused on other data.
    public bool HasReusableFit => !_targets.Any(t => t.Method is ImputeMethod.ForwardFill or ImputeMethod.BackwardFill);

    public Schema Bind(Schema input, BindContext context)
    {
        var fields = input.FieldsList.ToList();
        var knnSlots = 0;
        foreach (var t in _targets)
        {
            var path = $"columns.{t.Name}";
            if (context.RequireColumn(input, t.Name, path) is not { } field) continue;
            t.Index = input.GetFieldIndex(t.Name);
            t.InputType = t.OutputType = field.DataType;
            var type = field.DataType;
            var numeric = ColumnTypes.IsNumeric(type) && NumericColumn.IsSupported(type);
            var temporal = type is Date32Type or TimestampType;
            switch (t.Method)
            {
                case ImputeMethod.Mean or ImputeMethod.Median when numeric || temporal:
                    t.AsDouble = numeric;
                    break;
                case ImputeMethod.Knn when numeric:
                    t.AsDouble = true;
                    t.KnnSlot = knnSlots++;
                    break;
                case ImputeMethod.Mode when type is not (BinaryType or NullType) && (numeric || temporal || type is StringType or BooleanType or Decimal128Type):
                    break;
                case ImputeMethod.Constant:
                    if (!ValueConverter.TryConvert(t.Spec.Value!, type, out var value, out var reason))
                        context.Error($"{path}.value", DiagnosticCodes.FillValue, $"fill value for column '{t.Name}': {reason}");
                    t.Fill = value;
                    break;
                case ImputeMethod.ForwardFill or ImputeMethod.BackwardFill:
                    break;
                default:
                    context.Error(path, DiagnosticCodes.ColumnType, $"column '{t.Name}' is {ColumnTypes.Format(type)}; {Definition.Binding.EnumNames.NameOf(t.Method)} does not apply to it");
                    continue;
            }
            if (t.AsDouble)
            {
                t.OutputType = DoubleType.Default;
                fields[t.Index] = new Field(t.Name, DoubleType.Default, field.IsNullable, field.Metadata);
            }
        }
        if (options.Knn is { } knn && knnSlots > 0)
        {
            _features = new int[knn.Features.Count];
            for (var i = 0; i < knn.Features.Count; i++)
            {
                var f = context.RequireColumn(input, knn.Features[i], $"knn.features[{i}]");
                _features[i] = input.GetFieldIndex(knn.Features[i]);
                if (f is not null && !(ColumnTypes.IsNumeric(f.DataType) && NumericColumn.IsSupported(f.DataType)))
                    context.Error($"knn.features[{i}]", DiagnosticCodes.ColumnType, $"column '{f.Name}' is {ColumnTypes.Format(f.DataType)}; knn features must be numeric");
            }
        }
        foreach (var t in _targets.Where(t => t.Index >= 0))
        {
            t.Indicator = t.Spec.Indicator ?? options.AddIndicator;
            if (!t.Indicator) continue;
            var name = t.Name + options.IndicatorSuffix;
            if (fields.Any(f => f.Name == name))
                context.Error($"columns.{t.Name}", DiagnosticCodes.AddedColumnExists, $"the missing indicator '{name}' would replace an existing column; choose another indicator_suffix");
            fields.Add(new Field(name, BooleanType.Default, false));
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public string DescribeState()
    {
        var parts = new List<string>();
        if (_targets.Any(t => t.Method == ImputeMethod.Median))
            parts.Add(options.Approximate ? "a KLL sketch (about 5 KB) per median column" : "every present value of median columns (8 bytes a value)");
        if (_targets.Any(t => t.Method == ImputeMethod.Mode)) parts.Add("a count per distinct value of mode columns");
        if (_targets.Any(t => t.Method is ImputeMethod.ForwardFill or ImputeMethod.BackwardFill)) parts.Add("one value per batch of fill columns");
        if (_targets.Any(t => t.Method == ImputeMethod.Knn)) parts.Add("every row's knn features and knn columns (8 bytes a value)");
        return parts.Count == 0 ? "a few numbers per column" : string.Join("; ", parts);
    }

    public IStatistics CreateStatistics()
    {
        var s = new ImputeStatistics(_targets.Length);
        for (var i = 0; i < _targets.Length; i++)
        {
            switch (_targets[i].Method)
            {
                case ImputeMethod.Mean: s.Means[i] = new MeanSum(); break;
                case ImputeMethod.Median: s.Numeric[i] = new ColumnStatistics(true, options.Approximate); break;
                case ImputeMethod.Mode: s.Modes[i] = new ModeCounter(); break;
                case ImputeMethod.ForwardFill: s.Last[i] = []; break;
                case ImputeMethod.BackwardFill: s.First[i] = []; break;
            }
        }
        var knnColumns = _targets.Count(t => t.KnnSlot >= 0);
        if (knnColumns > 0) s.Knn = new KnnDonors(_features.Length, knnColumns);
        return s;
    }

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var s = (ImputeStatistics)statistics;
        var missing = new bool[input.Length];
        for (var i = 0; i < _targets.Length; i++)
        {
            var t = _targets[i];
            var array = input.Column(t.Index);
            switch (t.Method)
            {
                case ImputeMethod.Mean:
                    s.Means[i]!.Add(array, options.NanIsMissing);
                    break;
                case ImputeMethod.Median:
                    s.Numeric[i]!.Add(array, options.NanIsMissing);
                    break;
                case ImputeMethod.Mode:
                    Missing(array, missing);
                    s.Modes[i]!.Add(array, missing);
                    break;
                case ImputeMethod.ForwardFill or ImputeMethod.BackwardFill:
                    Missing(array, missing);
                    var forward = t.Method == ImputeMethod.ForwardFill;
                    var row = forward ? System.Array.LastIndexOf(missing, false) : System.Array.IndexOf(missing, false);
                    if (row >= 0) (forward ? s.Last[i] : s.First[i])!.Add((context.RowIdAt(row), ArrowValues.Get(array, row)!));
                    break;
            }
        }
        if (s.Knn is { } knn) AccumulateKnn(knn, input);
    }

    private void AccumulateKnn(KnnDonors knn, RecordBatch input)
    {
        var features = _features.Select(f => Doubles(input.Column(f))).ToArray();
        for (var r = 0; r < input.Length; r++)
            foreach (var f in features) knn.Matrix.Add(f[r]);
        foreach (var t in _targets.Where(t => t.KnnSlot >= 0)) knn.Targets[t.KnnSlot].AddRange(Doubles(input.Column(t.Index)));
    }

    /// <summary>A numeric column as doubles with NaN for missing values.</summary>
    private double[] Doubles(IArrowArray array)
    {
        var values = new double[array.Length];
        var present = new bool[array.Length];
        NumericColumn.Read(array, values, present, options.NanIsMissing);
        for (var i = 0; i < values.Length; i++) if (!present[i]) values[i] = double.NaN;
        return values;
    }

    // From the validity bitmap and the value buffer as spans: a call per row (IsNull, Values) cost
    // more than the fill it decides.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Missing(IArrowArray array, Span<bool> missing)
    {
        var n = array.Length;
        missing = missing[..n];
        new Validity(array).Expand(missing, valid: false);
        if (!options.NanIsMissing) return;
        if (array is DoubleArray d)
        {
            var values = d.Values;
            for (var i = 0; i < n; i++) missing[i] |= double.IsNaN(values[i]);
        }
        if (array is FloatArray f)
        {
            var values = f.Values;
            for (var i = 0; i < n; i++) missing[i] |= float.IsNaN(values[i]);
        }
    }

    public void Fit(IStatistics merged)
    {
        var s = (ImputeStatistics)merged;
        _donors = s.Knn;
        for (var i = 0; i < _targets.Length; i++)
        {
            var t = _targets[i];
            switch (t.Method)
            {
                case ImputeMethod.Mean or ImputeMethod.Median:
                    var x = t.Method == ImputeMethod.Mean ? s.Means[i]!.Mean
                        : s.Numeric[i]!.Moments.Count == 0 ? double.NaN : s.Numeric[i]!.Quantiles!.Quantile(0.5);
                    t.Fill = double.IsNaN(x) ? null : t.AsDouble ? x : Epoch.FromUnits(t.InputType, x);
                    break;
                case ImputeMethod.Mode:
                    t.Fill = s.Modes[i]!.Mode(t.InputType);
                    break;
                case ImputeMethod.ForwardFill:
                    t.Carries = s.Last[i]!;
                    break;
                case ImputeMethod.BackwardFill:
                    t.Carries = s.First[i]!;
                    break;
                case ImputeMethod.Knn:
                    var m = new Moments();
                    foreach (var v in _donors!.Targets[t.KnnSlot]) if (!double.IsNaN(v)) m.Add(v);
                    t.Fill = m.Count == 0 ? null : m.Mean;
                    break;
            }
        }
    }

    public IReadOnlyDictionary<int, bool>? Fills =>
        !options.NanIsMissing || _targets.Any(t => t.Index < 0 || t.Method is ImputeMethod.ForwardFill or ImputeMethod.BackwardFill or ImputeMethod.Knn)
            ? null
            : _targets.ToDictionary(t => t.Index, NumberFilled);

    // Mean and median of a numeric column write float64; a mode or constant keeps the column's type.
    private static bool NumberFilled(ImputeTarget t) =>
        t.AsDouble || (t.OutputType is DoubleType && t.Method is ImputeMethod.Mode or ImputeMethod.Constant);

    public double FillValue(int column) =>
        _targets.Single(t => t.Index == column).Fill is double fill ? fill : double.NaN;

    public JsonNode SaveFit() => ImputeFit.Save(_targets, _donors);

    public void LoadFit(JsonNode fit) => _donors = ImputeFit.Load(fit, Id, _targets, _features.Length);

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var arrays = new List<IArrowArray>(_output.FieldsList.Count);
        for (var c = 0; c < input.ColumnCount; c++) arrays.Add(ArrowShare.Retain(input.Column(c)));
        var indicators = new List<IArrowArray>();
        double[][]? features = null;
        foreach (var t in _targets)
        {
            var array = input.Column(t.Index);
            var missing = new bool[input.Length];
            Missing(array, missing);
            if (t.Method == ImputeMethod.Knn) features ??= _features.Select(f => Doubles(input.Column(f))).ToArray();
            var filled = ImputeFill.Column(t, array, missing, options.NanIsMissing, context, features, _donors, options.Knn?.Neighbors ?? 5);
            if (filled is not null)
            {
                arrays[t.Index].Dispose();
                arrays[t.Index] = filled;
            }
            if (t.Indicator) indicators.Add(NumericColumn.BuildFlags(missing));
        }
        arrays.AddRange(indicators);
        return new RecordBatch(_output, arrays, input.Length);
    }
}
