using System.Text.Json;
using System.Text.Json.Nodes;

namespace DataPrep.Reports;

/// <summary>
/// Fitted statistics in the report: the step's fit JSON as <c>SaveFit</c> writes it, capped in size
/// (a large vocabulary or a donor table is left to the fit artifact), and shown in HTML and Markdown
/// as flat <c>path = value</c> rows.
/// </summary>
internal static class FitSummary
{
    /// <summary>Largest fit, as compact JSON, that the report carries whole.</summary>
    public const int MaxChars = 32 * 1024;

    /// <summary>The fit itself, or a note saying how large it was when it exceeds <see cref="MaxChars"/>.</summary>
    public static JsonNode Cap(JsonNode fit)
    {
        var text = fit.ToJsonString();
        return text.Length <= MaxChars ? fit
            : new JsonObject { ["omitted"] = $"the fit takes {text.Length:N0} characters of JSON; it is in the fit artifact (--save-fit)" };
    }

    /// <summary>Leaf values as (path, value) rows, depth first, at most <paramref name="max"/>; the bool says whether rows were left out.</summary>
    public static (IReadOnlyList<(string Path, string Value)> Rows, bool Truncated) Flatten(JsonNode? fit, int max)
    {
        var rows = new List<(string, string)>();
        var truncated = false;
        void Walk(JsonNode? node, string path)
        {
            if (rows.Count >= max) { truncated = true; return; }
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o) Walk(value, path.Length == 0 ? key : path + "." + key);
                    break;
                case JsonArray a when a.All(x => x is JsonValue) && a.Count <= 20:
                    rows.Add((path, "[" + string.Join(", ", a.Select(Scalar)) + "]"));
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]");
                    break;
                default:
                    rows.Add((path, Scalar(node)));
                    break;
            }
        }
        Walk(fit, "");
        return (rows, truncated);
    }

    private static string Scalar(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) => HtmlReport.F(d),
        _ => node.ToJsonString(),
    };
}
