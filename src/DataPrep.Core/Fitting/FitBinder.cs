using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Steps;

namespace DataPrep.Fitting;

/// <summary>
/// Matches a fit artifact to the steps of a plan and loads each step's saved fit. Every mismatch
/// (a step the artifact lacks, a step it has that the pipeline lacks, another step kind, other input
/// columns, a fit the step itself rejects) becomes a diagnostic at the step's line, so a stale
/// artifact fails in <c>dataprep validate</c> like any other definition problem.
/// </summary>
internal static class FitBinder
{
    public static void Apply(FitArtifact artifact, string artifactName, IReadOnlyList<PlannedStep> steps, PipelineDefinition definition, List<Diagnostic> diagnostics)
    {
        var records = artifact.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var planned in steps)
        {
            if (planned.Step is not IFittedStep { HasReusableFit: true } fitted) continue;
            var path = $"{planned.Definition.Path}.{planned.Definition.Name}";
            void Fail(string message) => diagnostics.Add(new(planned.Location, DiagnosticCodes.FitMismatch, path, $"fit artifact {artifactName}: {message}"));

            if (!records.TryGetValue(planned.Id, out var record))
            {
                Fail($"has no fit for step '{planned.Id}' ({planned.Definition.Name}); fit this pipeline again (run without --fit) and save that artifact");
                continue;
            }
            used.Add(planned.Id);
            if (record.Step != planned.Definition.Name)
            {
                Fail($"step '{planned.Id}' was fitted as a '{record.Step}' step; here it is a '{planned.Definition.Name}' step");
                continue;
            }
            if (DescribeDifference(record.Input, planned.Input) is { } difference)
            {
                Fail($"step '{planned.Id}' was fitted on other input columns: {difference}");
                continue;
            }
            try
            {
                fitted.LoadFit(record.Fit);
                planned.FitLoaded = true;
            }
            catch (FitArtifactException e) { Fail($"step '{planned.Id}': {e.Message}"); }
        }
        foreach (var extra in artifact.Steps.Where(s => !used.Contains(s.Id) && !steps.Any(p => p.Id == s.Id)))
        {
            diagnostics.Add(new(definition.Map.Find("steps"), DiagnosticCodes.FitMismatch, "steps",
                $"fit artifact {artifactName}: has a fit for step '{extra.Id}' ({extra.Step}) that this pipeline does not have; the artifact belongs to another version of the pipeline"));
        }
    }

    /// <summary>The columns as a fit artifact records them.</summary>
    public static IReadOnlyList<ColumnInfo> Describe(Schema schema) =>
        schema.FieldsList.Select(f => new ColumnInfo(f.Name, ColumnTypes.Format(f.DataType), f.IsNullable)).ToList();

    private static string? DescribeDifference(IReadOnlyList<ColumnInfo> fitted, Schema actual)
    {
        var now = Describe(actual).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var then = fitted.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var column in fitted)
        {
            if (!now.TryGetValue(column.Name, out var current)) problems.Add($"'{column.Name}' ({column.Type}) is missing here");
            else if (current.Type != column.Type) problems.Add($"'{column.Name}' was {column.Type}, here it is {current.Type}");
        }
        problems.AddRange(now.Keys.Where(name => !then.ContainsKey(name)).Select(name => $"'{name}' ({now[name].Type}) is new here"));
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
