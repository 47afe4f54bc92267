using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPrep.Definition.Yaml;

/// <summary>Writes scalars so that they read back as the same value and type.</summary>
internal static partial class YamlScalarFormatter
{
    public static string Number(double d) =>
        double.IsPositiveInfinity(d) ? ".inf"
        : double.IsNegativeInfinity(d) ? "-.inf"
        : double.IsNaN(d) ? ".nan"
        : d.ToString("R", CultureInfo.InvariantCulture);

    public static string Number(float f) =>
        float.IsFinite(f) ? f.ToString("R", CultureInfo.InvariantCulture) : Number((double)f);

    /// <summary>The string plain when it would read back as the same string, double-quoted otherwise.</summary>
    public static string String(string s) => NeedsQuotes(s) ? Quote(s) : s;

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim()) return true;
        // Anything YAML 1.1 or 1.2 would resolve to null, a boolean or a number.
        if (LooksTyped().IsMatch(s)) return true;
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0])) return true;
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':')) return true;
        foreach (var c in s)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || char.IsSurrogate(c)) return true;
        }
        return false;
    }

    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex(@"^(~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(\.[0-9]|[0-9]).*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|<<|=)$")]
    private static partial Regex LooksTyped();
}
