using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Rename;

/// <summary>Renames columns; arrays are shared, only the schema changes.</summary>
internal sealed class RenameStep(RenameOptions options, string id) : IMapStep
{
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        foreach (var from in options.Columns.Keys) context.RequireColumn(input, from, $"columns.{from}");
        var fields = input.FieldsList
            .Select(f => options.Columns.TryGetValue(f.Name, out var to) ? new Field(to, f.DataType, f.IsNullable, f.Metadata) : f)
            .ToList();
        foreach (var clash in fields.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var from = options.Columns.FirstOrDefault(kv => kv.Value == clash.Key).Key ?? clash.Key;
            context.Error($"columns.{from}", DiagnosticCodes.DuplicateColumn, $"renaming gives two columns named '{clash.Key}'");
        }
        _output = new Schema(fields, input.Metadata);
        return _output;
    }

    public IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) =>
        input.FieldsList.Select(f => f.Name)
            .Where(n => neededOutputs.Contains(options.Columns.TryGetValue(n, out var to) ? to : n));

    public RecordBatch Process(RecordBatch input, BatchContext context) =>
        new(_output, input.Arrays.Select(ArrowShare.Retain), input.Length);
}
