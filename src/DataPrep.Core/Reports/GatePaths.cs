using System.Text.Json.Nodes;
using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Reports.Profiling;

namespace DataPrep.Reports;

/// <summary>
/// Checks every gate's metric against the paths the run's report will have, at compile time (so
/// <c>dataprep validate</c> and every run catch a misspelt metric before data is read). The valid
/// paths come from the report types (their JSON names) and the plan: the source and output columns,
/// the step ids. A metric under a step's <c>fit</c> is free-form and accepted.
/// </summary>
internal static class GatePaths
{
    public static IEnumerable<Diagnostic> Check(PipelineDefinition definition, Schema source, IReadOnlyList<PlannedStep> steps)
    {
        if (definition.Gates.Count == 0) yield break;
        var options = RunReporter.Effective(definition)!;
        var (paths, freeForm) = Valid(options, source, steps);
        for (var g = 0; g < definition.Gates.Count; g++)
        {
            var metric = definition.Gates[g].Metric;
            if (metric.Length == 0) continue; // the options binder reports the missing metric
            var path = Resolve(metric, options);
            if (paths.Contains(path) || freeForm.Any(f => path.StartsWith(f + ".", StringComparison.Ordinal))) continue;
            var close = Closest([metric, path], paths.Concat(GateEvaluator.Shortcuts.Keys), 3);
            var where = $"gates[{g}].metric";
            var hint = close.Count == 0 ? "" : $"; close valid metrics: {string.Join(", ", close)}";
            var why = path.StartsWith("source.", StringComparison.Ordinal) || path.StartsWith("sink.", StringComparison.Ordinal) ? Profiles(options) : "";
            yield return new Diagnostic(definition.Map.Find(where), DiagnosticCodes.GateMetricUnknown, where,
                $"the report has no numeric value at '{path}'{(path != metric ? $" (from '{metric}')" : "")}{why}{hint}");
        }
    }

    private static string Profiles(ReportOptions options) => options.Profile ? "" : " (report.profile is false, so there are no profiles)";

    /// <summary>The report path a metric names, as <see cref="GateEvaluator.Resolve"/> will at run time.</summary>
    private static string Resolve(string metric, ReportOptions options)
    {
        var stub = new QualityReport
        {
            Pipeline = "", CreatedUtc = default, Run = new RunMetadata { DataPrepVersion = "", Runtime = "" }, Metrics = new ReportMetrics(),
            Sink = options.Profile ? new TableProfile() : null,
        };
        return GateEvaluator.Resolve(metric, stub);
    }

    /// <summary>Every numeric path of the report this plan makes, and the free-form prefixes (fits).</summary>
    internal static (HashSet<string> Paths, List<string> FreeForm) Valid(ReportOptions options, Schema source, IReadOnlyList<PlannedStep> steps)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var free = new List<string>();
        Leaves(typeof(QualityReport), "", paths, free);
        var output = steps.Count > 0 ? steps[^1].Output : source;
        if (options.Profile)
        {
            foreach (var f in source.FieldsList) Column(f, $"source.columns.{f.Name}.", paths, free);
            foreach (var f in output.FieldsList) Column(f, $"sink.columns.{f.Name}.", paths, free);
        }
        else
        {
            paths.RemoveWhere(p => p.StartsWith("source.", StringComparison.Ordinal) || p.StartsWith("sink.", StringComparison.Ordinal));
        }
        foreach (var f in output.FieldsList) Leaves(typeof(ColumnDrift), $"drift.columns.{f.Name}.", paths, free);
        foreach (var id in steps.Select(s => s.Id).Prepend(SourceProducer.StepId))
        {
            Leaves(typeof(StepReport), $"steps.{id}.", paths, free);
            if (!options.Profile) paths.RemoveWhere(p => p.StartsWith($"steps.{id}.effects.", StringComparison.Ordinal));
        }
        if (options is { Profile: true, StepEffects: true })
        {
            foreach (var s in steps)
                foreach (var f in s.Output.FieldsList) Leaves(typeof(ColumnShift), $"steps.{s.Id}.effects.columns.{f.Name}.", paths, free);
        }
        // The k-anonymity section lists one entry per anonymize step that measures it, addressed by step id.
        foreach (var s in steps.Where(s => s.Step is Steps.Anonymize.AnonymizeStep { Kind: Steps.StepKind.Fitted }))
            Leaves(typeof(Steps.Anonymize.KAnonymitySummary), $"k_anonymity.{s.Id}.", paths, free);
        return (paths, free);
    }

    /// <summary>A column profile's paths, less the parts its type never has (numbers of a text column, lengths of a number).</summary>
    private static void Column(Field field, string prefix, HashSet<string> paths, List<string> free)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        Leaves(typeof(ColumnProfile), prefix, all, free);
        var kind = ColumnKinds.Of(field.DataType);
        bool Has(string part) => part switch
        {
            "numeric" => ColumnKinds.IsNumeric(kind),
            "lengths" => kind is ColumnKind.Text or ColumnKind.Binary,
            "shape" => kind == ColumnKind.Text,
            "true_count" => kind == ColumnKind.Boolean,
            _ => true,
        };
        paths.UnionWith(all.Where(p => Has(p[prefix.Length..].Split('.')[0])));
    }

    /// <summary>Numeric (and boolean) properties of a report type, through nested objects; lists are addressed by the caller.</summary>
    private static void Leaves(Type type, string prefix, HashSet<string> paths, List<string> free)
    {
        foreach (var p in ReportJson.Options.GetTypeInfo(type).Properties)
        {
            var t = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            var path = prefix + p.Name;
            if (t.IsPrimitive || t == typeof(decimal)) paths.Add(path);
            else if (typeof(JsonNode).IsAssignableFrom(t)) free.Add(path);
            else if (t == typeof(IReadOnlyDictionary<string, double>))
            {
                foreach (var r in ColumnProfiler.QuantileRanks) paths.Add($"{path}.p{(int)Math.Round(r * 100):D2}");
            }
            else if (t.IsClass && t != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) Leaves(t, path + ".", paths, free);
        }
    }

    /// <summary>The valid paths nearest to any of <paramref name="asked"/> by edit distance, nearest first.</summary>
    internal static IReadOnlyList<string> Closest(string[] asked, IEnumerable<string> valid, int count) =>
        valid.Select(v => (Path: v, Distance: asked.Min(a => Distance(a, v))))
            .Where(x => x.Distance <= Math.Max(4, asked[0].Length / 2))
            .OrderBy(x => x.Distance).ThenBy(x => x.Path, StringComparer.Ordinal)
            .Take(count).Select(x => x.Path).ToList();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
