using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Definition.Binding;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Outliers;

/// <summary>Fits bounds per column from mergeable statistics, then clips, quarantines, nulls or flags the values outside them.</summary>
internal sealed class OutliersStep(OutliersOptions options, string id) : IFittedStep, IFitsThroughFill
{
    private readonly List<(string Name, OutlierColumn Spec, OutlierAction Action)> _columns =
        options.Columns.Select(p => (p.Key, p.Value, p.Value.Action ?? options.Action)).ToList();
    private int[] _indexes = [];
    private OutlierBounds[] _bounds = [];
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    public bool HasReusableFit => true;

    public Schema Bind(Schema input, BindContext context)
    {
        var fields = input.FieldsList.ToList();
        _indexes = new int[_columns.Count];
        for (var i = 0; i < _columns.Count; i++)
        {
            var (name, _, action) = _columns[i];
            var field = context.RequireColumn(input, name, $"columns.{name}");
            _indexes[i] = input.GetFieldIndex(name);
            if (field is null) continue;
            if (!(ColumnTypes.IsNumeric(field.DataType) && NumericColumn.IsSupported(field.DataType)))
                context.Error($"columns.{name}", DiagnosticCodes.ColumnType, $"column '{name}' is {ColumnTypes.Format(field.DataType)}; outliers needs a numeric column");
            if (action == OutlierAction.SetNull) fields[_indexes[i]] = new Field(name, field.DataType, true, field.Metadata);
        }
        foreach (var (name, _, action) in _columns)
        {
            if (action != OutlierAction.Flag) continue;
            var flag = name + options.FlagSuffix;
            if (fields.Any(f => f.Name == flag))
                context.Error($"columns.{name}", DiagnosticCodes.AddedColumnExists, $"the flag column '{flag}' would replace an existing column; choose another flag_suffix");
            fields.Add(new Field(flag, BooleanType.Default, false));
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public string DescribeState() => options.Approximate || _columns.All(c => c.Spec.Method == OutlierMethod.Zscore)
        ? "a few numbers per column (a KLL sketch of about 5 KB for quartiles and medians)"
        : "every present value of iqr and mad columns (8 bytes a value)";

    public IStatistics CreateStatistics() =>
        new ColumnsStatistics(_columns.Select(c => new ColumnStatistics(c.Spec.Method != OutlierMethod.Zscore, options.Approximate)).ToArray());

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var stats = ((ColumnsStatistics)statistics).Columns;
        for (var i = 0; i < _columns.Count; i++) stats[i].Add(input.Column(_indexes[i]), nanIsMissing: true);
    }

    // Every column has statistics; quantile ones (iqr, mad) only when exact (a sketch depends on the order values came in).
    public bool CanFitThroughFill(IReadOnlyDictionary<int, bool> fills, int inputColumns) =>
        _columns.Select((c, i) => (c.Spec.Method, Index: _indexes[i])).All(c =>
            c.Index < inputColumns
            && fills.GetValueOrDefault(c.Index, true)
            && !(options.Approximate && c.Method != OutlierMethod.Zscore));

    public void AddFilled(IStatistics merged, int column, double value)
    {
        var stats = ((ColumnsStatistics)merged).Columns;
        for (var i = 0; i < _columns.Count; i++)
            if (_indexes[i] == column) stats[i].FillMissing(value);
    }

    public void Fit(IStatistics merged)
    {
        var stats = ((ColumnsStatistics)merged).Columns;
        _bounds = _columns.Select((c, i) => OutlierBounds.Fit(c.Spec, stats[i])).ToArray();
    }

    public JsonNode SaveFit()
    {
        var columns = new JsonObject();
        for (var i = 0; i < _columns.Count; i++) columns[_columns[i].Name] = _bounds[i].Save(_columns[i].Spec.Method, _columns[i].Spec.Width);
        return new JsonObject { ["columns"] = columns };
    }

    public void LoadFit(JsonNode fit)
    {
        var columns = FitJson.Columns(fit, Id, _columns.Select(c => c.Name));
        _bounds = _columns.Select(c => OutlierBounds.Load(FitJson.Column(columns, c.Name, Id), c.Spec, Id, c.Name)).ToArray();
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var arrays = Enumerable.Range(0, input.ColumnCount).Select(c => ArrowShare.Retain(input.Column(c))).ToList();
        var n = input.Length;
        var values = new double[n];
        var present = new bool[n];
        for (var i = 0; i < _columns.Count; i++)
        {
            var (name, spec, action) = _columns[i];
            var bounds = _bounds[i];
            var array = input.Column(_indexes[i]);
            NumericColumn.Read(array, values, present, nanIsMissing: true);
            var flags = action == OutlierAction.Flag ? new bool[n] : null;
            Dictionary<int, object?>? replacements = null;
            var code = $"outliers.{EnumNames.NameOf(spec.Method)}";
            for (var r = 0; r < n; r++)
            {
                if (!present[r] || !bounds.IsOutlier(values[r])) continue;
                switch (action)
                {
                    case OutlierAction.Flag:
                        flags![r] = true;
                        break;
                    case OutlierAction.Quarantine:
                        context.Quarantine(r, code, $"column '{name}' = {ArrowValues.Format(ArrowValues.Get(array, r))} is outside [{Format(bounds.Low)}, {Format(bounds.High)}]");
                        break;
                    case OutlierAction.SetNull:
                        (replacements ??= [])[r] = null;
                        break;
                    default:
                        (replacements ??= [])[r] = Clip(values[r], bounds, array.Data.DataType);
                        break;
                }
            }
            if (replacements is not null)
            {
                arrays[_indexes[i]].Dispose();
                arrays[_indexes[i]] = ArrowPatch.Replace(array, replacements);
            }
            if (flags is not null) arrays.Add(NumericColumn.BuildFlags(flags));
        }
        return new RecordBatch(_output, arrays, n);
    }

    private static object? Clip(double x, OutlierBounds bounds, IArrowType type)
    {
        double low = bounds.Low, high = bounds.High;
        if (!ArrowValues.IsFloatingPoint(type) && type is not Decimal128Type)
        {
            low = Math.Ceiling(low);
            high = Math.Floor(high);
        }
        var clipped = Math.Clamp(x, low, high);
        return type switch
        {
            DoubleType or FloatType => clipped,
            Date32Type => DateOnly.FromDayNumber(new DateOnly(1970, 1, 1).DayNumber + (int)clipped),
            TimestampType t => Impute.Epoch.Timestamp(t, (long)clipped),
            _ => ValueConverter.TryConvert(clipped, type, out var v, out _) ? v : null,
        };
    }

    private static string Format(double x) => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
