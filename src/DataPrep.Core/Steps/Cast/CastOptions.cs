using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Cast;

/// <summary>Converts columns to other types.</summary>
public sealed class CastOptions : IValidatableOptions
{
    /// <summary>Column → target type (int64, float64, boolean, string, date, timestamp, decimal(p,s), ...).</summary>
    public Dictionary<string, string> Columns { get; set; } = [];

    /// <summary>What happens to a row whose value does not convert: quarantine it, or set the value to null.</summary>
    public CastErrorAction OnError { get; set; } = CastErrorAction.Quarantine;

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "name at least one column to cast");
        foreach (var (column, type) in Columns)
        {
            if (!ColumnTypes.TryParse(type, out _, out var error)) context.BadValue($"columns.{column}", error);
        }
    }
}

/// <summary>What to do with a value that does not convert.</summary>
public enum CastErrorAction
{
    Quarantine,
    Null,
}
