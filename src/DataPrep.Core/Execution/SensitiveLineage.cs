namespace DataPrep.Execution;

/// <summary>
/// The column names under which a plan's sensitive values travel: the columns each step protects
/// (<see cref="Steps.IStep.SensitiveColumns"/>), and, upstream of that step, the columns they came
/// from, so that a column renamed (or otherwise fed) before it is anonymized is protected under
/// its earlier name too, in quarantine records, report values and exception messages. Downstream,
/// protection travels with the field's <c>dataprep.sensitive</c> metadata.
/// </summary>
internal static class SensitiveLineage
{
    public static IReadOnlySet<string> Of(IReadOnlyList<PlannedStep> steps)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < steps.Count; k++)
        {
            var names = steps[k].Step.SensitiveColumns.ToHashSet(StringComparer.Ordinal);
            all.UnionWith(names);
            for (var j = k - 1; j >= 0 && names.Count > 0; j--)
            {
                names = Feeding(steps[j], names);
                all.UnionWith(names);
            }
        }
        return all;
    }

    /// <summary>
    /// The input columns of a step that feed the given output columns: what it needs for them beyond
    /// what it needs anyway (a rename: the old name), and any of them that it passes through by name.
    /// </summary>
    internal static HashSet<string> Feeding(PlannedStep step, IReadOnlySet<string> outputs)
    {
        var inputs = step.Input.FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var fed = step.Step.ColumnsNeeded(step.Input, outputs).ToHashSet(StringComparer.Ordinal);
        fed.ExceptWith(step.Step.ColumnsNeeded(step.Input, new HashSet<string>(StringComparer.Ordinal)));
        fed.UnionWith(outputs.Where(inputs.Contains));
        return fed;
    }
}
