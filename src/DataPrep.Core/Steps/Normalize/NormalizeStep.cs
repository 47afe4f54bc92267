using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps.Shared;

namespace DataPrep.Steps.Normalize;

/// <summary>
/// Fits one <see cref="ColumnStatistics"/> per numeric column (exact sums; exact or sketched
/// quantiles), then maps each value through its <see cref="ColumnScaler"/>. Text columns need no fit.
/// </summary>
internal sealed class NormalizeStep(NormalizeOptions options, string id) : IFittedStep, IFitsThroughFill, IAccumulatesCopies, IAppliesCopies
{
    private readonly List<(string Name, NormalizeColumn Spec)> _columns = options.Columns.Select(p => (p.Key, p.Value)).ToList();
    private int[] _indexes = [];
    private ColumnScaler?[] _scalers = [];
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
            var (name, spec) = _columns[i];
            var field = context.RequireColumn(input, name, $"columns.{name}");
            _indexes[i] = input.GetFieldIndex(name);
            if (field is null) continue;
            if (spec.Method == NormalizeMethod.Text)
            {
                if (field.DataType is not StringType)
                    context.Error($"columns.{name}", DiagnosticCodes.ColumnType, $"column '{name}' is {ColumnTypes.Format(field.DataType)}; text normalization needs a string column");
                continue;
            }
            if (!ColumnTypes.IsNumeric(field.DataType) || field.DataType is Decimal256Type or HalfFloatType)
            {
                context.Error($"columns.{name}", DiagnosticCodes.ColumnType, $"column '{name}' is {ColumnTypes.Format(field.DataType)}; {Definition.Binding.EnumNames.NameOf(spec.Method)} needs a numeric column");
                continue;
            }
            var nullable = field.IsNullable || spec.Method == NormalizeMethod.Log1p;
            fields[_indexes[i]] = new Field(name, DoubleType.Default, nullable, field.Metadata);
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public string DescribeState() => options.Approximate || !_columns.Any(c => NeedsQuantiles(c.Spec.Method))
        ? "a few numbers per column (a KLL sketch of about 5 KB for medians and quantiles)"
        : "every present value of the columns needing medians or quantiles (8 bytes a value), plus a few numbers per column";

    private static bool NeedsQuantiles(NormalizeMethod m) => m is NormalizeMethod.Robust or NormalizeMethod.Quantile;

    public IStatistics CreateStatistics() =>
        new ColumnsStatistics(_columns.Select(c => new ColumnStatistics(NeedsQuantiles(c.Spec.Method), options.Approximate)).ToArray());

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var stats = ((ColumnsStatistics)statistics).Columns;
        for (var i = 0; i < _columns.Count; i++)
        {
            if (!HasStatistics(_columns[i].Spec.Method)) continue;
            stats[i].Add(input.Column(_indexes[i]), nanIsMissing: true);
        }
    }

    public void Fit(IStatistics merged)
    {
        var stats = ((ColumnsStatistics)merged).Columns;
        _scalers = _columns.Select((c, i) => c.Spec.Method == NormalizeMethod.Text ? null : ColumnScaler.Fit(c.Spec, stats[i])).ToArray();
    }

    private static bool HasStatistics(NormalizeMethod m) => m is not (NormalizeMethod.Text or NormalizeMethod.Log1p);

    public bool CanFitThroughFill(IReadOnlyDictionary<int, bool> fills, int inputColumns) =>
        _columns.Select((c, i) => (c.Spec.Method, Index: _indexes[i])).Where(c => HasStatistics(c.Method)).All(c =>
            c.Index < inputColumns
            && fills.GetValueOrDefault(c.Index, true)
            && !(options.Approximate && NeedsQuantiles(c.Method)));

    public void AddFilled(IStatistics merged, int column, double value)
    {
        var stats = ((ColumnsStatistics)merged).Columns;
        for (var i = 0; i < _columns.Count; i++)
            if (_indexes[i] == column && HasStatistics(_columns[i].Spec.Method)) stats[i].FillMissing(value);
    }

    public JsonNode SaveFit()
    {
        var columns = new JsonObject();
        for (var i = 0; i < _columns.Count; i++)
            columns[_columns[i].Name] = _scalers[i]?.Save() ?? new JsonObject { ["method"] = "text" };
        return new JsonObject { ["columns"] = columns };
    }

    public void LoadFit(JsonNode fit)
    {
        var columns = FitJson.Columns(fit, Id, _columns.Select(c => c.Name));
        _scalers = _columns.Select(c =>
        {
            var o = FitJson.Column(columns, c.Name, Id);
            if (c.Spec.Method != NormalizeMethod.Text) return ColumnScaler.Load(o, c.Spec, Id, c.Name);
            FitJson.Expect(o, "method", "text", Id, c.Name);
            return null;
        }).ToArray();
    }

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        var arrays = new IArrowArray[input.ColumnCount];
        for (var c = 0; c < arrays.Length; c++)
        {
            var k = System.Array.IndexOf(_indexes, c);
            arrays[c] = k < 0 ? ArrowShare.Retain(input.Column(c))
                : _columns[k].Spec.Method == NormalizeMethod.Text ? Text(input.Column(c), new TextNormalizer(_columns[k].Spec))
                : Numeric(input.Column(c), _scalers[k]!, context.Arrays);
        }
        return new RecordBatch(_output, arrays, input.Length);
    }

    private static DoubleArray Numeric(IArrowArray array, ColumnScaler scaler, ArrayRecycler? arrays) =>
        array is DoubleArray doubles && !scaler.MakesNulls ? Doubles(doubles, scaler, arrays) : ByValue(array, scaler);

    /// <summary>Any numeric column, value by value through scratch arrays (the reference <see cref="Doubles"/> is tested against).</summary>
    internal static DoubleArray ByValue(IArrowArray array, ColumnScaler scaler)
    {
        var n = array.Length;
        var values = ArrayPool<double>.Shared.Rent(n);
        var present = ArrayPool<bool>.Shared.Rent(n);
        try
        {
            // NaN is read as present so that it passes through as NaN; nulls stay null.
            NumericColumn.Read(array, values, present, nanIsMissing: false);
            for (var i = 0; i < n; i++)
            {
                if (!present[i]) continue;
                var y = scaler.Transform(values[i]);
                if (double.IsNaN(y) && !double.IsNaN(values[i])) present[i] = false; // log1p of x <= -1
                values[i] = y;
            }
            return NumericColumn.Build(values.AsSpan(0, n), present.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
            ArrayPool<bool>.Shared.Return(present);
        }
    }

    /// <summary>
    /// A float64 column straight into its output buffer: no copy into a scratch array and out again.
    /// The same result as the general path: a null slot keeps the input's value and stays null, and a
    /// number that the transform turns into NaN (an infinite value minus an infinite center) is null.
    /// </summary>
    /// <param name="arrays">Where the values' buffer comes from (<see cref="BatchContext.Arrays"/>); null: a new array.</param>
    internal static DoubleArray Doubles(DoubleArray array, ColumnScaler scaler, ArrayRecycler? arrays = null)
    {
        var n = array.Length;
        var size = n * sizeof(double);
        var data = arrays?.Rent(size) ?? GC.AllocateUninitializedArray<byte>(size); // the transform writes every value
        var result = MemoryMarshal.Cast<byte, double>(data.AsSpan(0, size));
        var values = array.Values;
        scaler.Transform(values, result);
        var valid = new Validity(array);
        byte[]? bitmap = null;
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            if (valid.IsValid(i))
            {
                if (!double.IsNaN(result[i]) || double.IsNaN(values[i])) continue;
            }
            else
            {
                result[i] = values[i];
            }
            if (bitmap is null)
            {
                bitmap = new byte[(n + 7) / 8];
                bitmap.AsSpan().Fill(0xFF);
            }
            bitmap[i >> 3] &= (byte)~(1 << (i & 7));
            nulls++;
        }
        return new DoubleArray(new ArrayData(DoubleType.Default, n, nulls, 0, [bitmap is null ? ArrowBuffer.Empty : new ArrowBuffer(bitmap), new ArrowBuffer(data.AsMemory(0, size))]));
    }

    private static StringArray Text(IArrowArray array, TextNormalizer normalizer)
    {
        var strings = (StringArray)array;
        var builder = new StringArray.Builder();
        var buffer = new StringBuilder();
        for (var i = 0; i < strings.Length; i++)
        {
            if (strings.IsNull(i)) builder.AppendNull();
            else builder.Append(normalizer.Normalize(strings.GetString(i), buffer));
        }
        return builder.Build();
    }
}
