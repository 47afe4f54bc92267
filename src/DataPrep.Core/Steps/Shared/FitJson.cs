using System.Text.Json.Nodes;

namespace DataPrep.Steps.Shared;

/// <summary>Reading fit artifacts back: every problem becomes a <see cref="FitArtifactException"/> naming the step and what is wrong.</summary>
internal static class FitJson
{
    /// <summary>The per-column objects of a fit, checked to name exactly the columns the step is configured for.</summary>
    public static JsonObject Columns(JsonNode fit, string stepId, IEnumerable<string> expected)
    {
        if (fit is not JsonObject root || root["columns"] is not JsonObject columns)
            throw new FitArtifactException($"step {stepId}: the fit has no 'columns' object");
        var want = expected.ToList();
        var missing = want.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new FitArtifactException($"step {stepId}: the fit has no statistics for column(s) {string.Join(", ", missing)}; it was fitted for {string.Join(", ", columns.Select(p => p.Key))}");
        var extra = columns.Select(p => p.Key).Where(c => !want.Contains(c)).ToList();
        if (extra.Count > 0)
            throw new FitArtifactException($"step {stepId}: the fit has statistics for column(s) {string.Join(", ", extra)} that the step does not name; refit or change the step");
        return columns;
    }

    public static JsonObject Column(JsonObject columns, string column, string stepId) =>
        columns[column] as JsonObject ?? throw new FitArtifactException($"step {stepId}: the fit of column '{column}' is not an object");

    public static string Text(JsonObject o, string key, string stepId, string column) =>
        o[key]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? o[key]!.GetValue<string>()
            : throw new FitArtifactException($"step {stepId}: the fit of column '{column}' lacks '{key}'");

    public static double Number(JsonObject o, string key, string stepId, string column) =>
        o[key]?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? o[key]!.GetValue<double>()
            : throw new FitArtifactException($"step {stepId}: the fit of column '{column}' lacks the number '{key}'");

    public static double[] Numbers(JsonObject o, string key, string stepId, string column) =>
        o[key] is JsonArray a && a.All(x => x?.GetValueKind() == System.Text.Json.JsonValueKind.Number)
            ? a.Select(x => x!.GetValue<double>()).ToArray()
            : throw new FitArtifactException($"step {stepId}: the fit of column '{column}' lacks the number list '{key}'");

    public static void Expect(JsonObject o, string key, string expected, string stepId, string column)
    {
        var actual = Text(o, key, stepId, column);
        if (actual != expected)
            throw new FitArtifactException($"step {stepId}: column '{column}' was fitted with {key} '{actual}' but the step asks for '{expected}'");
    }

    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
