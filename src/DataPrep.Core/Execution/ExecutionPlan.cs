using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.IO;

namespace DataPrep.Execution;

/// <summary>A validated, bound pipeline: the input files, the steps with their schemas, and the passes to run.</summary>
public sealed class ExecutionPlan
{
    internal ExecutionPlan(PipelineDefinition definition, IBatchSource source, IReadOnlyList<string> inputs, Schema sourceSchema,
        IReadOnlySet<string>? projection, IReadOnlyList<PlannedStep> steps, ISinkFormat sink, string outputRoot,
        IReadOnlyList<PlanPass> passes, int parallelism, int batchSize)
    {
        BatchSize = batchSize;
        Definition = definition;
        Source = source;
        Inputs = inputs;
        SourceSchema = sourceSchema;
        Projection = projection;
        Steps = steps;
        Sink = sink;
        OutputRoot = outputRoot;
        Passes = passes;
        Parallelism = parallelism;
    }

    public PipelineDefinition Definition { get; }

    /// <summary>Input files, absolute, in the order they are read; a row's <c>Source</c> index points here.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The schema of the input files as read (after projection).</summary>
    public Schema SourceSchema { get; }

    /// <summary>Columns read from the source, or null for all.</summary>
    public IReadOnlySet<string>? Projection { get; }

    public IReadOnlyList<PlannedStep> Steps { get; }

    public Schema OutputSchema => Steps.Count > 0 ? Steps[^1].Output : SourceSchema;

    public string OutputRoot { get; }

    public IReadOnlyList<PlanPass> Passes { get; }

    public int Parallelism { get; }

    public int BatchSize { get; }

    public int Capacity => Definition.Execution.Capacity;

    /// <summary>Where <c>report.path</c> points (absolute), if set: gets a copy of the report files after the commit.</summary>
    public string? ReportCopyDirectory { get; internal init; }

    internal IBatchSource Source { get; }

    /// <summary>Live spans and counters of the run executing this plan (set by its observer); null when unobserved.</summary>
    internal RunTrace? Trace { get; set; }

    /// <summary>The column names under which the plan's sensitive values travel (<see cref="SensitiveLineage"/>), derived once.</summary>
    internal IReadOnlySet<string> Sensitive => _sensitive ??= SensitiveLineage.Of(Steps);

    private IReadOnlySet<string>? _sensitive;

    /// <summary>
    /// Frees what the steps hold once a run is over (a keep-last dedupe's table of keys, in native
    /// memory, would otherwise stay until the collector finalizes it, for as long as the caller keeps
    /// the run's result and its plan). The plan describes the run after this; it does not run again.
    /// </summary>
    internal void ReleaseSteps()
    {
        foreach (var step in Steps)
            if (step.Step is IDisposable disposable) disposable.Dispose();
    }

    /// <summary>The same plan over a subset of its inputs (an incremental run); row sources index the subset.</summary>
    internal ExecutionPlan WithInputs(IReadOnlyList<string> inputs) =>
        new(Definition, Source, inputs, SourceSchema, Projection, Steps, Sink, OutputRoot, Passes, Parallelism, BatchSize) { Trace = Trace };

    internal ISinkFormat Sink { get; }
}
