using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;
using DataPrep.Steps;

namespace EmbedConsole;

/// <summary>
/// A custom map step: appends numerator / denominator. Checks its columns against the schema in
/// <see cref="Bind"/> (so a typo fails at validation, before data is read), works on Arrow arrays,
/// and routes bad rows through the context instead of dropping them.
/// </summary>
public sealed class RatioStep(RatioOptions options, string id) : IMapStep
{
    private int _numerator, _denominator;
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        _numerator = Require(input, context, options.Numerator, "numerator");
        _denominator = Require(input, context, options.Denominator, "denominator");
        if (input.GetFieldIndex(options.Output) >= 0)
            context.Error("output", DiagnosticCodes.DuplicateColumn, $"column '{options.Output}' already exists");
        _output = new Schema([.. input.FieldsList, new Field(options.Output, DoubleType.Default, true)], input.Metadata);
        return _output;
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var numerator = (DoubleArray)input.Column(_numerator);
        var denominator = (DoubleArray)input.Column(_denominator);
        var ratio = new DoubleArray.Builder().Reserve(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var (n, d) = (numerator.GetValue(i), denominator.GetValue(i));
            if (n is null || d is null || d == 0)
            {
                if (d == 0 && options.QuarantineZero) context.Quarantine(i, "ratio.zero_denominator", $"{options.Denominator} is 0");
                ratio.AppendNull();
            }
            else ratio.Append(n.Value / d.Value);
        }
        // Columns passed on unchanged share their buffers: each output array holds its own reference.
        return new RecordBatch(_output, [.. input.Arrays.Select(a => ArrowArrayFactory.BuildArray(a.Data.Retain())), ratio.Build()], input.Length);
    }

    private static int Require(Schema input, BindContext context, string column, string member)
    {
        if (context.RequireColumn(input, column, member) is not { } field) return -1;
        if (field.DataType.TypeId != ArrowTypeId.Double)
            context.Error(member, DiagnosticCodes.ColumnType, $"column '{column}' is {field.DataType.Name}; ratio needs float64");
        return input.GetFieldIndex(column);
    }
}
