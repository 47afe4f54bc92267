using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Fitting;
using DataPrep.Steps;

namespace DataPrep;

/// <summary>
/// A pipeline with its training-time statistics, applied to batches in memory: what a .NET service
/// uses at inference time to preprocess records exactly as the training data was.
/// <code>
/// var fitted = FittedPipeline.Load("pipelines/train.yaml", "models/fit.json");
/// using var output = fitted.Transform(batch).Output;
/// </code>
/// Steps run as in <c>dataprep run --fit</c>, with two differences that follow from seeing one
/// batch, not a dataset: steps that decide over the whole dataset (sequential steps such as exact
/// dedupe, and fitted steps whose state describes rows, such as keep-last dedupe) are skipped and
/// listed in <see cref="SkippedSteps"/>; and rows a step quarantines or drops are reported in
/// <see cref="TransformResult.Removed"/> instead of being written anywhere. Thread-safe.
/// </summary>
public sealed class FittedPipeline
{
    private readonly IReadOnlyList<PlannedStep> _steps;
    private readonly RunLedger _ledger;
    private readonly long _seed;

    private FittedPipeline(Schema input, IReadOnlyList<PlannedStep> steps, IReadOnlyList<string> skipped, long seed)
    {
        InputSchema = input;
        _steps = steps;
        SkippedSteps = skipped;
        _seed = seed;
        _ledger = new RunLedger(steps.Select(s => s.Id));
        OutputSchema = steps.Count > 0 ? steps[^1].Output : input;
    }

    /// <summary>The columns a batch must have (the source columns the pipeline was fitted on).</summary>
    public Schema InputSchema { get; }

    /// <summary>The columns <see cref="Transform"/> returns.</summary>
    public Schema OutputSchema { get; }

    /// <summary>Steps not applied in memory, each with the reason (<c>"dedupe_1: sequential (decides over the whole dataset)"</c>).</summary>
    public IReadOnlyList<string> SkippedSteps { get; }

    /// <summary>Rows in, out, quarantined and dropped per step, over every batch transformed so far.</summary>
    public IReadOnlyList<StepCounters> Counters => _ledger.Steps;

    /// <summary>
    /// Loads a pipeline file and the fit artifact a run of it saved (<c>dataprep run --save-fit</c>).
    /// Throws <see cref="DefinitionException"/> when the file is invalid or the artifact does not
    /// match it, and <see cref="InvalidDataException"/> when the artifact cannot be read.
    /// </summary>
    public static FittedPipeline Load(string pipelinePath, string fitPath, StepRegistry? registry = null)
    {
        registry ??= StepRegistry.CreateDefault();
        var definition = PipelineLoader.LoadFile(pipelinePath, registry).GetOrThrow();
        return Create(definition, FitArtifact.Read(fitPath), registry, fitPath);
    }

    /// <summary>Builds a fitted pipeline from a definition and an artifact already in memory; needs no data files.</summary>
    public static FittedPipeline Create(PipelineDefinition definition, FitArtifact artifact, StepRegistry? registry = null, string artifactName = "(in memory)")
    {
        registry ??= StepRegistry.CreateDefault();
        var diagnostics = new List<Diagnostic>();
        var all = Compiler.BindSteps(definition, registry, artifact.SourceSchema(), diagnostics);
        if (all is null || diagnostics.Count > 0) throw new DefinitionException(diagnostics);

        var skipped = new List<string>();
        var kept = new List<StepDefinition>();
        foreach (var step in all)
        {
            if (SkipReason(step) is { } reason) skipped.Add($"{step.Id}: {reason}");
            else kept.Add(step.Definition);
        }
        // The kept steps bind again on their own, so each sees the schema the steps before it in memory give.
        var steps = Compiler.BindSteps(definition, registry, artifact.SourceSchema(), diagnostics, kept);
        if (steps is null || diagnostics.Count > 0) throw new DefinitionException(diagnostics);
        FitBinder.Apply(artifact with { Steps = artifact.Steps.Where(s => steps.Any(p => p.Id == s.Id)).ToList() },
            artifactName, steps, definition, diagnostics);
        if (diagnostics.Count > 0) throw new DefinitionException(diagnostics);
        return new FittedPipeline(artifact.SourceSchema(), steps, skipped, definition.Seed);
    }

    /// <summary>
    /// Applies the pipeline to one batch. The input is not modified or disposed; the caller owns
    /// (and disposes) the returned batch. Columns are matched by name; extra columns are ignored.
    /// Throws <see cref="ArgumentException"/> naming a missing column or a column of another type,
    /// and <see cref="StepFailedException"/> when a step fails.
    /// </summary>
    public TransformResult Transform(RecordBatch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rows = new RowId[input.Length];
        for (var i = 0; i < rows.Length; i++) rows[i] = new RowId(0, i);
        var batch = new DataBatch(Conform(input), rows, 0);
        for (var i = 0; i < _steps.Count; i++) StepInvoker.Run(_steps[i].Step, _steps[i], _ledger.Steps[i], batch, _seed);
        var removed = batch.Records
            .Select(r => new RemovedRow(r.StepId, r.Fate, r.Code, r.Message, "batch", r.Row.Row, r.Values))
            .OrderBy(r => r.Row).ToList();
        return new TransformResult(batch.Data, removed);
    }

    private RecordBatch Conform(RecordBatch input)
    {
        var arrays = new IArrowArray[InputSchema.FieldsList.Count];
        for (var i = 0; i < arrays.Length; i++)
        {
            var field = InputSchema.FieldsList[i];
            var index = input.Schema.GetFieldIndex(field.Name);
            if (index < 0)
                throw new ArgumentException($"the batch has no column '{field.Name}'; the pipeline was fitted on {Describe(InputSchema)}", nameof(input));
            var actual = input.Schema.GetFieldByIndex(index).DataType;
            if (!ColumnTypes.SameType(actual, field.DataType))
                throw new ArgumentException($"column '{field.Name}' is {ColumnTypes.Format(actual)}; the pipeline was fitted on {ColumnTypes.Format(field.DataType)}", nameof(input));
            // A reference of our own: steps may dispose what they replace without touching the caller's batch.
            arrays[i] = ArrowShare.Retain(input.Column(index));
        }
        return new RecordBatch(InputSchema, arrays, input.Length);
    }

    private static string? SkipReason(PlannedStep step) => step.Step switch
    {
        _ when step.Kind == StepKind.Sequential => "sequential: it decides over the whole dataset, not one batch",
        IFittedStep { HasReusableFit: false } when step.Kind == StepKind.Fitted => "its fitted state describes the training rows, not statistics to reuse",
        _ => null,
    };

    private static string Describe(Schema schema) =>
        string.Join(", ", schema.FieldsList.Select(f => $"{f.Name}: {ColumnTypes.Format(f.DataType)}"));
}

/// <summary>What <see cref="FittedPipeline.Transform"/> returns.</summary>
/// <param name="Output">The transformed rows that no step removed, in input order; the caller disposes it.</param>
/// <param name="Removed">Rows a step quarantined or dropped; <see cref="RemovedRow.Row"/> is the index in the input batch.</param>
public sealed record TransformResult(RecordBatch Output, IReadOnlyList<RemovedRow> Removed);
