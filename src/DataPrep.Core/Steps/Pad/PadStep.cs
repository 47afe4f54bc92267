using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Pad;

/// <summary>
/// A map step over Arrow list buffers: fixed-width elements are copied as byte runs, string
/// elements through one builder per batch; new offsets are i × length. Masks share those offsets.
/// </summary>
internal sealed class PadStep(PadOptions options, string id) : IMapStep
{
    private (int Index, string Name, IArrowType Element, byte[]? PadBytes, string? PadText)[] _targets = [];
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        var targets = new List<(int, string, IArrowType, byte[]?, string?)>();
        for (var i = 0; i < options.Columns.Count; i++)
        {
            var field = context.RequireColumn(input, options.Columns[i], $"columns[{i}]");
            if (field is null) continue;
            if (field.DataType is not ListType list || !(list.ValueDataType is StringType || (list.ValueDataType is FixedWidthType && ColumnTypes.IsNumeric(list.ValueDataType) && list.ValueDataType is not (Decimal128Type or Decimal256Type))))
            {
                context.Error($"columns[{i}]", DiagnosticCodes.PadColumnType, $"column '{field.Name}' is {Describe(field.DataType)}; pad takes lists of numbers or strings");
                continue;
            }
            var element = list.ValueDataType;
            if (element is StringType)
            {
                targets.Add((input.GetFieldIndex(field.Name), field.Name, element, null, options.Value ?? ""));
                continue;
            }
            if (!ValueConverter.TryConvert(options.Value ?? "0", element, out var converted, out var reason) || converted is null)
            {
                context.Error("value", DiagnosticCodes.BadValue, $"pad value '{options.Value}' does not fit column '{field.Name}' ({ColumnTypes.Format(element)}): {reason}");
                continue;
            }
            using var one = ArrowBuild.FromValues(element, [converted]);
            var width = ((FixedWidthType)element).BitWidth / 8;
            targets.Add((input.GetFieldIndex(field.Name), field.Name, element, one.Data.Buffers[1].Span[..width].ToArray(), null));
        }
        _targets = [.. targets];
        var fields = new List<Field>();
        for (var c = 0; c < input.FieldsList.Count; c++)
        {
            var f = input.GetFieldByIndex(c);
            if (_targets.All(t => t.Index != c)) { fields.Add(f); continue; }
            fields.Add(new Field(f.Name, f.DataType, false, f.Metadata));
            if (!options.Mask) continue;
            var mask = $"{f.Name}_mask";
            if (input.GetFieldIndex(mask) >= 0)
                context.Error($"columns[{options.Columns.IndexOf(f.Name)}]", DiagnosticCodes.PadOutputClash, $"the mask column '{mask}' already exists; rename it first");
            fields.Add(new Field(mask, new ListType(options.MaskType == MaskType.Boolean ? BooleanType.Default : Int8Type.Default), false));
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    private static string Describe(IArrowType type) => type is ListType l ? $"a list of {ColumnTypes.Format(l.ValueDataType)}" : ColumnTypes.Format(type);

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var arrays = new List<IArrowArray>();
        for (var c = 0; c < input.ColumnCount; c++)
        {
            var t = System.Array.FindIndex(_targets, x => x.Index == c);
            if (t < 0) { arrays.Add(ArrowShare.Retain(input.Column(c))); continue; }
            var list = (ListArray)input.Column(c);
            arrays.Add(Pad(list, _targets[t].Element, _targets[t].PadBytes, _targets[t].PadText));
            if (options.Mask) arrays.Add(Mask(list));
        }
        return new RecordBatch(_output, arrays, input.Length);
    }

    /// <summary>Source start and count of the elements kept from row <paramref name="row"/>, and where they go in the output row.</summary>
    private (int Start, int Count, int Target) Slot(ListArray list, int row)
    {
        var length = list.IsNull(row) ? 0 : list.GetValueLength(row);
        var start = list.IsNull(row) ? 0 : list.ValueOffsets[row];
        var count = Math.Min(length, options.Length);
        if (options.Truncating == PadSide.Left) start += length - count;
        var target = options.Padding == PadSide.Left ? options.Length - count : 0;
        return (start, count, target);
    }

    private ListArray Pad(ListArray list, IArrowType element, byte[]? padBytes, string? padText)
    {
        var n = list.Length;
        var total = n * options.Length;
        var values = list.Values;
        IArrowArray padded;
        if (padText is not null)
        {
            var strings = (StringArray)values;
            var b = new StringArray.Builder();
            for (var row = 0; row < n; row++)
            {
                var (start, count, target) = Slot(list, row);
                for (var i = 0; i < options.Length; i++)
                {
                    var source = i - target;
                    if (source < 0 || source >= count) b.Append(padText);
                    else if (strings.IsNull(start + source)) b.AppendNull();
                    else b.Append(strings.GetBytes(start + source));
                }
            }
            padded = b.Build();
        }
        else
        {
            var width = padBytes!.Length;
            var bytes = new byte[total * width];
            var source = values.Data.Buffers[1].Span[(values.Data.Offset * width)..];
            var validity = values.NullCount > 0 ? new ArrowBuffer.BitmapBuilder(total) : null;
            var nulls = 0;
            for (var row = 0; row < n; row++)
            {
                var (start, count, target) = Slot(list, row);
                var rowBytes = bytes.AsSpan(row * options.Length * width, options.Length * width);
                for (var i = 0; i < options.Length; i++)
                {
                    if (i < target || i >= target + count) padBytes.CopyTo(rowBytes[(i * width)..]);
                }
                source.Slice(start * width, count * width).CopyTo(rowBytes[(target * width)..]);
                if (validity is null) continue;
                for (var i = 0; i < options.Length; i++)
                {
                    var valid = i < target || i >= target + count || values.IsValid(start + i - target);
                    validity.Append(valid);
                    if (!valid) nulls++;
                }
            }
            padded = ArrowArrayFactory.BuildArray(new ArrayData(element, total, nulls, 0,
                [nulls > 0 ? validity!.Build() : ArrowBuffer.Empty, new ArrowBuffer(bytes)]));
        }
        return new ListArray(list.Data.DataType, n, Offsets(n), padded, ArrowBuffer.Empty, 0, 0);
    }

    private ListArray Mask(ListArray list)
    {
        var n = list.Length;
        var total = n * options.Length;
        IArrowArray values;
        if (options.MaskType == MaskType.Boolean)
        {
            var bits = new ArrowBuffer.BitmapBuilder(total);
            for (var row = 0; row < n; row++)
            {
                var (_, count, target) = Slot(list, row);
                for (var i = 0; i < options.Length; i++) bits.Append(i >= target && i < target + count);
            }
            values = new BooleanArray(bits.Build(), ArrowBuffer.Empty, total, 0, 0);
        }
        else
        {
            var bytes = new byte[total];
            for (var row = 0; row < n; row++)
            {
                var (_, count, target) = Slot(list, row);
                bytes.AsSpan(row * options.Length + target, count).Fill(1);
            }
            values = new Int8Array(new ArrowBuffer(bytes), ArrowBuffer.Empty, total, 0, 0);
        }
        var type = new ListType(options.MaskType == MaskType.Boolean ? BooleanType.Default : Int8Type.Default);
        return new ListArray(type, n, Offsets(n), values, ArrowBuffer.Empty, 0, 0);
    }

    private ArrowBuffer Offsets(int n)
    {
        var offsets = new int[n + 1];
        for (var i = 0; i <= n; i++) offsets[i] = i * options.Length;
        return new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray());
    }
}
