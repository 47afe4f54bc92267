using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Select;

/// <summary>
/// The reference step: options validated on their own, columns checked against the input schema
/// in <see cref="Bind"/>, a declared output schema, and row work on Arrow arrays (here only
/// picking arrays, which shares their buffers).
/// </summary>
internal sealed class SelectStep(SelectOptions options, string id) : IMapStep
{
    private int[] _indexes = [];
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        for (var i = 0; i < options.Exclude.Count; i++) context.RequireColumn(input, options.Exclude[i], $"exclude[{i}]");
        for (var i = 0; i < options.Columns.Count; i++) context.RequireColumn(input, options.Columns[i], $"columns[{i}]");

        var names = options.Columns.Count > 0
            ? options.Columns.Where(c => input.GetFieldIndex(c) >= 0)
            : input.FieldsList.Select(f => f.Name).Where(n => !options.Exclude.Contains(n));
        _indexes = names.Select(n => input.GetFieldIndex(n)).ToArray();
        _output = new Schema(_indexes.Select(i => input.GetFieldByIndex(i)), input.Metadata);
        return _output;
    }

    // Excluded columns are named by the options, so the step binds only where they exist: they are
    // read, then released at once. Listing the columns to keep instead projects them away at the source.
    public IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) =>
        _indexes.Select(i => input.GetFieldByIndex(i).Name).Where(neededOutputs.Contains).Concat(options.Exclude);

    public RecordBatch Process(RecordBatch input, BatchContext context) =>
        new(_output, _indexes.Select(i => ArrowShare.Retain(input.Column(i))), input.Length);
}
