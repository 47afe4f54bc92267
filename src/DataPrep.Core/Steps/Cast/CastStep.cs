using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Cast;

/// <summary>Converts the named columns value by value; a value that does not fit is quarantined or nulled.</summary>
internal sealed class CastStep(CastOptions options, string id) : IMapStep
{
    private Schema _output = null!;
    private (int Index, Apache.Arrow.Types.IArrowType Type, string Name)[] _casts = [];

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        var casts = new List<(int, Apache.Arrow.Types.IArrowType, string)>();
        foreach (var (column, typeName) in options.Columns)
        {
            if (context.RequireColumn(input, column, $"columns.{column}") is null) continue;
            casts.Add((input.GetFieldIndex(column), ColumnTypes.Parse(typeName), column));
        }
        _casts = [.. casts];
        var fields = input.FieldsList.ToList();
        foreach (var (index, type, _) in _casts)
        {
            // A failed conversion may become null, so a cast column is nullable unless failures quarantine.
            var nullable = fields[index].IsNullable || options.OnError == CastErrorAction.Null;
            fields[index] = new Field(fields[index].Name, type, nullable, fields[index].Metadata);
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var arrays = input.Arrays.Select(ArrowShare.Retain).ToArray();
        foreach (var (index, type, name) in _casts)
        {
            var source = input.Column(index);
            if (ColumnTypes.SameType(source.Data.DataType, type)) continue;
            var values = new object?[input.Length];
            for (var row = 0; row < input.Length; row++)
            {
                var value = ArrowValues.Get(source, row);
                if (value is null) continue;
                if (ValueConverter.TryConvert(value, type, out var converted, out var reason))
                    values[row] = converted;
                else if (options.OnError == CastErrorAction.Quarantine)
                    context.Quarantine(row, "cast.invalid", $"column '{name}': {reason}");
            }
            arrays[index].Dispose();
            arrays[index] = ArrowBuild.FromValues(type, values);
        }
        return new RecordBatch(_output, arrays, input.Length);
    }
}
