using Apache.Arrow;
using DataPrep.Definition;

namespace DataPrep.Steps;

/// <summary>Collects schema problems while a step binds to its input schema.</summary>
public sealed class BindContext
{
    private readonly List<(string Member, string Code, string Message)> _errors = [];

    public IReadOnlyList<(string Member, string Code, string Message)> Errors => _errors;

    /// <param name="member">YAML key path relative to the step's options, e.g. <c>rules[0].column</c>.</param>
    public void Error(string member, string code, string message) => _errors.Add((member, code, message));

    /// <summary>Checks the column exists; reports DP0201 naming the columns that do, and returns null when it does not.</summary>
    public Field? RequireColumn(Schema schema, string column, string member)
    {
        var index = schema.GetFieldIndex(column);
        if (index >= 0) return schema.GetFieldByIndex(index);
        Error(member, DiagnosticCodes.UnknownColumn,
            $"column '{column}' does not exist here; columns are: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}");
        return null;
    }
}
