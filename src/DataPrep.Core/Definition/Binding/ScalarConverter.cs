using System.Globalization;
using DataPrep.Definition.Yaml;

namespace DataPrep.Definition.Binding;

/// <summary>
/// Converts a non-null scalar to a primitive with YAML 1.2 core-schema rules: quoted scalars are
/// strings (enums excepted, since <c>"snappy"</c> is clearly a name), numbers use the invariant culture.
/// </summary>
internal static class ScalarConverter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <returns>The value, or null with <paramref name="code"/> and <paramref name="error"/> set.</returns>
    public static object? Convert(YamlScalar s, ValueType type, out string code, out string error)
    {
        code = DiagnosticCodes.WrongType;
        error = "";
        var v = s.Value;
        switch (type.Kind)
        {
            case ValueKind.String:
                return v;
            case ValueKind.Bool when !s.Quoted:
                if (v is "true" or "True" or "TRUE") return true;
                if (v is "false" or "False" or "FALSE") return false;
                break;
            case ValueKind.Int32 when !s.Quoted && int.TryParse(v, NumberStyles.AllowLeadingSign, Inv, out var i):
                return i;
            case ValueKind.Int64 when !s.Quoted && long.TryParse(v, NumberStyles.AllowLeadingSign, Inv, out var l):
                return l;
            case ValueKind.Double when !s.Quoted && TryParseDouble(v, out var d):
                return d;
            case ValueKind.Single when !s.Quoted && TryParseDouble(v, out var f):
                return (float)f;
            case ValueKind.Enum:
                var names = EnumNames.Of(type.ClrType);
                if (names.TryGetValue(v, out var e)) return e;
                code = DiagnosticCodes.BadValue;
                error = $"unknown value '{v}'{Suggestions.DidYouMean(v, names.Keys)} (allowed: {string.Join(", ", names.Keys)})";
                return null;
        }
        var got = s.Quoted ? $"the string \"{v}\"" : $"'{v}'";
        var hint = type.Kind is ValueKind.Int32 or ValueKind.Int64 && !s.Quoted && TryParseDouble(v, out _)
            ? (v.Contains('.') || v.Contains('e') || v.Contains('E') ? " (a whole number is needed)" : $" (out of range for {type.ClrType.Name})")
            : "";
        error = $"expected {type.Describe()}, got {got}{hint}";
        return null;
    }

    private static bool TryParseDouble(string v, out double d)
    {
        switch (v)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                d = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                d = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                d = double.NaN;
                return true;
        }
        return double.TryParse(v, NumberStyles.Float, Inv, out d) && double.IsFinite(d);
    }
}
