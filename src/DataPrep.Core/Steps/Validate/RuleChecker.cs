using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Validate;

/// <summary>A rule bound to a schema: which column, how to test a row, how to repair it.</summary>
internal sealed class RuleChecker
{
    private readonly ValidationRule _rule;
    private readonly Regex? _regex;
    private readonly HashSet<string>? _allowed;
    private readonly IArrowType? _parseType;

    private RuleChecker(ValidationRule rule, int[] columns, RuleAction action, object? repairValue)
    {
        _rule = rule;
        Columns = columns;
        Action = action;
        RepairValue = repairValue;
        if (rule.Regex is not null) _regex = new Regex(rule.Regex, RegexOptions.CultureInvariant);
        if (rule.Allowed is not null) _allowed = new HashSet<string>(rule.Allowed, StringComparer.Ordinal);
        if (rule.Type is not null) _parseType = ColumnTypes.Parse(rule.Type);
    }

    public int[] Columns { get; }

    public RuleAction Action { get; }

    public object? RepairValue { get; }

    public string Code => $"validate.{_rule.CheckName}";

    public bool IsUnique => _rule.Unique;

    public static RuleChecker? Bind(ValidationRule rule, string path, RuleAction stepDefault, Schema input, BindContext context)
    {
        var fields = new List<Field>();
        if (rule.Column is not null && context.RequireColumn(input, rule.Column, $"{path}.column") is { } f) fields.Add(f);
        for (var i = 0; i < rule.Columns.Count; i++)
            if (context.RequireColumn(input, rule.Columns[i], $"{path}.columns[{i}]") is { } g) fields.Add(g);
        if (fields.Count != rule.TargetColumns.Count) return null;

        var type = fields[0].DataType;
        if (rule.Range is not null && !ColumnTypes.IsNumeric(type))
            context.Error($"{path}.range", DiagnosticCodes.ColumnType, $"column '{fields[0].Name}' is {ColumnTypes.Format(type)}; range needs a numeric column");
        if ((rule.Regex is not null || rule.Type is not null) && type is not StringType)
            context.Error($"{path}.{rule.CheckName}", DiagnosticCodes.ColumnType, $"column '{fields[0].Name}' is {ColumnTypes.Format(type)}; {rule.CheckName} needs a string column");

        object? repair = null;
        var action = rule.OnFail ?? stepDefault;
        if (rule.RepairValue is not null && !ValueConverter.TryConvert(rule.RepairValue, type, out repair, out var reason))
            context.Error($"{path}.repair_value", DiagnosticCodes.ColumnType, $"repair value for column '{fields[0].Name}': {reason}");
        return new RuleChecker(rule, fields.Select(x => input.GetFieldIndex(x.Name)).ToArray(), action, repair);
    }

    /// <summary>Null when the row passes; otherwise the reason.</summary>
    public string? Fails(RecordBatch batch, int row)
    {
        var array = batch.Column(Columns[0]);
        var name = batch.Schema.GetFieldByIndex(Columns[0]).Name;
        if (_rule.NotNull)
        {
            var missing = array.IsNull(row) || (array is DoubleArray or FloatArray && ArrowValues.TryGetDouble(array, row, out var d) && double.IsNaN(d));
            return missing ? $"column '{name}' is null" : null;
        }
        if (array.IsNull(row)) return null; // only not_null judges missing values
        if (_rule.Range is { } range)
        {
            ArrowValues.TryGetDouble(array, row, out var x);
            return (range[0] is { } lo && x < lo) || (range[1] is { } hi && x > hi) || double.IsNaN(x)
                ? $"column '{name}' = {ArrowValues.Format(ArrowValues.Get(array, row))} is outside [{Bound(range[0])}, {Bound(range[1])}]"
                : null;
        }
        var value = ArrowValues.Get(array, row)!;
        if (_regex is not null) return _regex.IsMatch((string)value) ? null : $"column '{name}' = '{value}' does not match /{_rule.Regex}/";
        if (_allowed is not null)
        {
            var text = ArrowValues.Format(value);
            return _allowed.Contains(text) ? null : $"column '{name}' = '{text}' is not one of {string.Join(", ", _rule.Allowed!)}";
        }
        if (_parseType is not null)
            return ValueConverter.TryConvert(value, _parseType, out _, out var reason) ? null : $"column '{name}': {reason}";
        return null;
    }

    /// <summary>The repaired value for a failing row.</summary>
    public object? Repair(RecordBatch batch, int row)
    {
        if (_rule.Range is not { } range) return RepairValue;
        var value = ArrowValues.Get(batch.Column(Columns[0]), row)!;
        var x = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
        if (double.IsNaN(x)) return null; // no bound is nearer to NaN than another: the value is missing
        var type = batch.Schema.GetFieldByIndex(Columns[0]).DataType;
        double lo = range[0] ?? double.NegativeInfinity, hi = range[1] ?? double.PositiveInfinity;
        if (!ArrowValues.IsFloatingPoint(type) && type is not Apache.Arrow.Types.Decimal128Type)
        {
            // Integers clip to the nearest integer inside the bounds.
            lo = Math.Ceiling(lo);
            hi = Math.Floor(hi);
        }
        ValueConverter.TryConvert(Math.Clamp(x, lo, hi), type, out var result, out _);
        return result;
    }

    private static string Bound(double? b) => b?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "null";
}
