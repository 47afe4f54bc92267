using System.Globalization;
using System.Text.Json.Nodes;
using DataPrep.Definition;

namespace DataPrep.Reports;

/// <summary>
/// Checks gates against a report. A metric is a named shortcut or a dotted path into the report's
/// JSON; in a list, a segment picks the item whose <c>name</c> or <c>id</c> equals it.
/// </summary>
public static class GateEvaluator
{
    internal static readonly Dictionary<string, string> Shortcuts = new(StringComparer.Ordinal)
    {
        ["duplicate_rate"] = "metrics.duplicate_rate",
        ["quarantine_rate"] = "metrics.quarantine_rate",
        ["drop_rate"] = "metrics.drop_rate",
        ["row_count"] = "metrics.row_count",
        ["source_rows"] = "metrics.source_rows",
    };

    public static IReadOnlyList<GateResult> Evaluate(IReadOnlyList<GateOptions> gates, QualityReport report)
    {
        if (gates.Count == 0) return [];
        var root = ReportJson.ToNode(report);
        return gates.Select(g => Evaluate(g, root, report)).ToList();
    }

    private static GateResult Evaluate(GateOptions gate, JsonNode root, QualityReport report)
    {
        var severity = gate.Severity == GateSeverity.Warn ? "warn" : "error";
        var path = Resolve(gate.Metric, report);
        var value = Lookup(root, path);
        var bounds = (gate.Min, gate.Max) switch
        {
            ({ } lo, { } hi) => $"[{F(lo)}, {F(hi)}]",
            ({ } lo, null) => $">= {F(lo)}",
            (null, { } hi) => $"<= {F(hi)}",
            _ => "",
        };
        if (value is null)
        {
            // Drift needs a previous version; on the first run there is nothing to compare with.
            var noDrift = path.StartsWith("drift.", StringComparison.Ordinal) && report.Drift is null;
            return new GateResult
            {
                Metric = gate.Metric, Value = null, Min = gate.Min, Max = gate.Max, Severity = severity, Passed = noDrift,
                Message = noDrift ? $"{gate.Metric}: no previous version to compare with; not checked"
                    : $"{gate.Metric}: the report has no numeric value at '{path}'",
            };
        }
        var passed = !(value < gate.Min) && !(value > gate.Max);
        return new GateResult
        {
            Metric = gate.Metric, Value = value, Min = gate.Min, Max = gate.Max, Severity = severity, Passed = passed,
            Message = $"{gate.Metric} = {F(value.Value)} {(passed ? "within" : "outside")} {bounds}",
        };
    }

    /// <summary>The report path a metric names.</summary>
    public static string Resolve(string metric, QualityReport report)
    {
        if (Shortcuts.TryGetValue(metric, out var path)) return path;
        if (metric.StartsWith("columns.", StringComparison.Ordinal)) return (report.Sink is not null ? "sink." : "source.") + metric;
        return metric;
    }

    private static double? Lookup(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a => a.FirstOrDefault(i => i is JsonObject item && (Is(item["name"], segment) || Is(item["id"], segment))),
                _ => null,
            };
            if (node is null) return null;
        }
        if (node is not JsonValue v) return null;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<bool>(out var b)) return b ? 1 : 0;
        return null;
    }

    private static bool Is(JsonNode? node, string text) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == text;

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
