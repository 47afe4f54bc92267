using System.ComponentModel.DataAnnotations;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;
using DataPrep.Steps;

namespace DataPrep.Tests.Support;

/// <summary>Options of a host's own step, as a user would write them: doc comments, attributes, validation.</summary>
public sealed class BucketOptions : IValidatableOptions
{
    /// <summary>The int64 column to bucket.</summary>
    [Required]
    public string Column { get; set; } = "";

    /// <summary>Bucket width.</summary>
    [Range(1, 1000)]
    public long Width { get; set; } = 10;

    /// <summary>Name of the added column.</summary>
    public string Output { get; set; } = "bucket";

    public void Validate(OptionsValidationContext context)
    {
        if (Output.Length == 0) context.BadValue("output", "give the name of the added column");
    }
}

/// <summary>A custom map step: appends <c>column / width</c> (null stays null).</summary>
public sealed class BucketStep(BucketOptions options, string id) : IMapStep
{
    private int _column = -1;
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        if (context.RequireColumn(input, options.Column, "column") is { } field)
        {
            _column = input.GetFieldIndex(options.Column);
            if (field.DataType.TypeId != ArrowTypeId.Int64)
                context.Error("column", DiagnosticCodes.ColumnType, $"column '{options.Column}' is {field.DataType.Name}, not int64");
        }
        _output = new Schema([.. input.FieldsList, new Field(options.Output, Int64Type.Default, true)], input.Metadata);
        return _output;
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var values = (Int64Array)input.Column(_column);
        var bucket = new Int64Array.Builder();
        for (var i = 0; i < values.Length; i++)
        {
            if (values.GetValue(i) is { } v) bucket.Append(v / options.Width); else bucket.AppendNull();
        }
        return new RecordBatch(_output, [.. input.Arrays.Select(a => ArrowArrayFactory.BuildArray(a.Data.Retain())), bucket.Build()], input.Length);
    }
}
