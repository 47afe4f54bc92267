using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Turns a definition into a plan: resolves the input files and reads their schemas (metadata
/// only), binds every step to the schema reaching it (so a missing column fails here, before data
/// is read), computes the source projection, and lays out the passes.
/// </summary>
public static class Compiler
{
    public static async Task<(ExecutionPlan? Plan, IReadOnlyList<Diagnostic> Diagnostics)> CompileAsync(
        PipelineDefinition definition, StepRegistry registry, CompileOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        var map = definition.Map;
        IBatchSource source;
        IReadOnlyList<string> inputs;
        try
        {
            source = options.Source ?? Formats.CreateSource(definition.Source, options.BaseDirectory);
            inputs = source.ResolveFiles();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            diagnostics.Add(new(map.Find("source"), DiagnosticCodes.InputUnreadable, "source", $"cannot list the inputs of '{definition.Source.Path}': {e.Message}"));
            return (null, diagnostics);
        }
        var outputRoot = Path.GetFullPath(definition.Sink.Path ?? "", options.BaseDirectory);
        diagnostics.AddRange(OutputChecks.Check(definition, options.BaseDirectory, outputRoot, inputs));

        if (inputs.Count == 0)
        {
            diagnostics.Add(new(map.Find("source"), DiagnosticCodes.InputNotFound, "source", $"no input files match '{definition.Source.Path}'"));
            return (null, diagnostics);
        }
        Schema schema;
        try
        {
            schema = await source.ReadSchemaAsync(inputs[0], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diagnostics.Add(new(map.Find("source"), DiagnosticCodes.InputUnreadable, "source", $"cannot read the schema of '{inputs[0]}': {e.Message}"));
            return (null, diagnostics);
        }

        var steps = BindSteps(definition, registry, schema, diagnostics);
        if (steps is null || diagnostics.Count > 0) return (null, diagnostics);

        var projection = Projection(steps, schema);
        if (projection is not null)
        {
            schema = new Schema(schema.FieldsList.Where(f => projection.Contains(f.Name)), schema.Metadata);
            steps = BindSteps(definition, registry, schema, diagnostics)!;
        }
        // A gate whose metric the report will not have fails here, before data is read.
        diagnostics.AddRange(Reports.GatePaths.Check(definition, schema, steps));
        if (diagnostics.Count > 0) return (null, diagnostics);

        if (options.Fit is not null || options.FitPath is not null)
        {
            var fitName = options.FitPath ?? "(in memory)";
            Fitting.FitArtifact fit;
            try { fit = options.Fit ?? Fitting.FitArtifact.Read(options.FitPath!); }
            catch (InvalidDataException e)
            {
                diagnostics.Add(new(map.Find("steps"), DiagnosticCodes.FitUnreadable, "--fit", e.Message));
                return (null, diagnostics);
            }
            Fitting.FitBinder.Apply(fit, fitName, steps, definition, diagnostics);
            if (diagnostics.Count > 0) return (null, diagnostics);
        }

        SetFitFilters(steps);
        diagnostics.AddRange(DataOutputs.Check(definition, steps.Count > 0 ? steps[^1].Output : schema));
        if (diagnostics.Count > 0) return (null, diagnostics);

        // Run options override the definition for this plan only; the definition is not changed.
        var configured = options.Parallelism ?? definition.Execution.Parallelism;
        var parallelism = configured > 0 ? configured : Environment.ProcessorCount;
        var batchSize = options.BatchSize ?? definition.Execution.BatchSize;
        var sink = Formats.CreateSink(definition.Sink);
        // One data file written through the writer's own row buffers: it can take the last dedupe's kept rows itself.
        var sinkTakesRows = sink is IRowTakingSinkFormat && definition.Sink.PartitionBy is null && !definition.Refresh.Incremental;
        var passes = PassPlanner.Plan(steps, parallelism, definition.Execution.Capacity, sinkTakesRows);
        var plan = new ExecutionPlan(definition, source, inputs, schema, projection, steps,
            sink, outputRoot, passes, parallelism, batchSize)
        {
            ReportCopyDirectory = definition.Report?.Path is { Length: > 0 } reportPath ? Path.GetFullPath(reportPath, options.BaseDirectory) : null,
        };
        return (plan, diagnostics);
    }

    /// <param name="only">Bind just these of the definition's steps, in this order (default: all).</param>
    internal static List<PlannedStep>? BindSteps(PipelineDefinition definition, StepRegistry registry, Schema schema, List<Diagnostic> diagnostics,
        IEnumerable<StepDefinition>? only = null)
    {
        var planned = new List<PlannedStep>();
        var current = schema;
        foreach (var def in only ?? definition.Steps)
        {
            if (!registry.TryGet(def.Name, out var registration))
            {
                diagnostics.Add(new(definition.Map.Find(def.Path), DiagnosticCodes.UnknownStep, def.Path, $"unknown step '{def.Name}'"));
                return null;
            }
            var step = registration.Create(def.Options, def.Id);
            var context = new BindContext();
            var output = step.Bind(current, context);
            foreach (var (member, code, message) in context.Errors)
            {
                var path = member.Length == 0 ? $"{def.Path}.{def.Name}" : $"{def.Path}.{def.Name}.{member}";
                diagnostics.Add(new(definition.Map.Find(path), code, path, message));
            }
            // Later steps bind to what this one would emit even when it has errors, so one run reports them all.
            planned.Add(new PlannedStep(def, registration, step, definition.Map.Find(def.Path), current, output));
            current = output;
        }
        return planned;
    }

    /// <summary>
    /// Fitted steps after a split fit on its training rows only, as long as the split column still
    /// reaches them (the nearest split wins); steps that measure what they release fit on every row.
    /// </summary>
    private static void SetFitFilters(List<PlannedStep> steps)
    {
        ISplittingStep? split = null;
        foreach (var step in steps)
        {
            if (split is not null && step.Kind == Steps.StepKind.Fitted && step.Step is not Steps.IMeasuresReleasedRows && step.Input.GetFieldIndex(split.SplitColumn) >= 0)
                step.FitFilter = new FitFilter(split.SplitColumn, split.FitValue, split.Id);
            if (step.Step is ISplittingStep s) split = s;
        }
    }

    /// <summary>Walks back from the sink: the source columns some step needs. Null when that is all of them.</summary>
    private static HashSet<string>? Projection(List<PlannedStep> steps, Schema source)
    {
        IReadOnlySet<string> needed = (steps.Count > 0 ? steps[^1].Output : source).FieldsList.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = steps.Count - 1; i >= 0; i--)
            needed = steps[i].Step.ColumnsNeeded(steps[i].Input, needed).ToHashSet(StringComparer.Ordinal);
        return needed.Count < source.FieldsList.Count ? (HashSet<string>)needed : null;
    }
}
