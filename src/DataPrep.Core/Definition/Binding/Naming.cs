using System.Collections.Concurrent;
using System.Text;

namespace DataPrep.Definition.Binding;

/// <summary>The one naming rule shared by the binder, the writer and the schema: PascalCase ↔ snake_case.</summary>
internal static class Naming
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary><c>RowGroupSize</c> → <c>row_group_size</c>, <c>Lz4Raw</c> → <c>lz4_raw</c>, <c>IOMode</c> → <c>io_mode</c>.</summary>
    public static string ToSnakeCase(string name) => Cache.GetOrAdd(name, static n =>
    {
        var sb = new StringBuilder(n.Length + 4);
        for (var i = 0; i < n.Length; i++)
        {
            var c = n[i];
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(n[i - 1]) || char.IsDigit(n[i - 1]));
                var acronymEnd = i > 0 && char.IsUpper(n[i - 1]) && i + 1 < n.Length && char.IsLower(n[i + 1]);
                if (prevLowerOrDigit || acronymEnd) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    });

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public static string Index(string path, int index) => $"{path}[{index}]";
}
