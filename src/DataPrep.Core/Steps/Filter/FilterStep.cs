using Apache.Arrow;

namespace DataPrep.Steps.Filter;

/// <summary>Drops the rows whose condition is not true (false or unknown), with reason <c>filter</c>.</summary>
internal sealed class FilterStep(FilterOptions options, string id) : IMapStep
{
    private readonly string _reason = $"does not meet: {options.Where}";
    private Expression _expression = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        _expression = ExpressionBinder.Bind(ExpressionParser.Parse(options.Where), input, context);
        ExpressionBinder.RequireCondition(_expression, input, context);
        return input;
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        for (var row = 0; row < input.Length; row++)
        {
            if (ExpressionEvaluator.Evaluate(_expression, input, row) != true)
                context.Drop(row, "filter", _reason);
        }
        return input;
    }
}
