using System.Collections.Immutable;
using System.Security.Cryptography;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPrep;

/// <summary>
/// The library entry point: load a pipeline file (or build one in code with <see cref="Create"/>),
/// validate it, explain its plan, run it into an output root or into memory.
/// <code>
/// var pipeline = Pipeline.Load("pipelines/quickstart.yaml");
/// var result = await pipeline.RunAsync(cancellationToken: ct);
/// Console.WriteLine(result.Manifest.Version);
/// </code>
/// </summary>
public sealed partial class Pipeline
{
    private readonly string _definitionSha256;
    private ImmutableDictionary<string, IBatchSource> _inputs = ImmutableDictionary<string, IBatchSource>.Empty;

    private Pipeline(PipelineDefinition definition, string baseDirectory, StepRegistry registry, string definitionSha256)
    {
        Definition = definition;
        BaseDirectory = baseDirectory;
        Registry = registry;
        _definitionSha256 = definitionSha256;
    }

    public PipelineDefinition Definition { get; }

    /// <summary>Directory relative paths are resolved against.</summary>
    public string BaseDirectory { get; }

    public StepRegistry Registry { get; }

    /// <summary>Where runs log (start, per-step counts at Debug, finish, failure). Set with <see cref="WithLogger"/>.</summary>
    public ILogger Logger { get; private init; } = NullLogger.Instance;

    /// <summary>Starts a pipeline in code, with the same option types as the pipeline file.</summary>
    /// <param name="registry">Steps available by name; the built-in ones when null.</param>
    public static PipelineBuilder Create(string name, StepRegistry? registry = null) => new(name, registry);

    /// <summary>Loads and binds a YAML or JSON pipeline file; throws <see cref="DefinitionException"/> with every problem found.</summary>
    public static Pipeline Load(string path, StepRegistry? registry = null)
    {
        registry ??= StepRegistry.CreateDefault();
        var definition = PipelineLoader.LoadFile(path, registry).GetOrThrow();
        var full = Path.GetFullPath(path);
        return new Pipeline(definition, Path.GetDirectoryName(full)!, registry, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))));
    }

    /// <summary>Binds pipeline text (YAML or JSON) exactly like a file; <paramref name="fileName"/> only names it in diagnostics.</summary>
    public static Pipeline Parse(string text, string baseDirectory, StepRegistry? registry = null, string fileName = "<text>")
    {
        registry ??= StepRegistry.CreateDefault();
        var definition = PipelineLoader.Parse(text, fileName, registry).GetOrThrow();
        return new Pipeline(definition, Path.GetFullPath(baseDirectory), registry,
            Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
    }

    /// <summary>Wraps a definition built in code. Relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static Pipeline FromDefinition(PipelineDefinition definition, string baseDirectory, StepRegistry? registry = null)
    {
        registry ??= StepRegistry.CreateDefault();
        var yaml = PipelineYaml.Serialize(definition, registry);
        return new Pipeline(definition, Path.GetFullPath(baseDirectory), registry,
            Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml))));
    }

    /// <summary>The same pipeline, logging to <paramref name="logger"/>.</summary>
    public Pipeline WithLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new Pipeline(Definition, BaseDirectory, Registry, _definitionSha256) { Logger = logger, _inputs = _inputs };
    }

    /// <summary>The same pipeline with <paramref name="source"/> bound to the <c>memory</c> source named <paramref name="name"/>.</summary>
    public Pipeline WithInput(string name, IBatchSource source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        return new Pipeline(Definition, BaseDirectory, Registry, _definitionSha256) { Logger = Logger, _inputs = _inputs.SetItem(name, source) };
    }

    /// <summary>Checks the definition against the data's schema (reading metadata only); empty when all is well.</summary>
    public async Task<IReadOnlyList<Diagnostic>> ValidateAsync(RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (_, diagnostics) = await Compiler.CompileAsync(Definition, Registry, CompileOptionsFor(options), cancellationToken).ConfigureAwait(false);
        return diagnostics;
    }

    /// <summary>The plan a run would execute; throws <see cref="DefinitionException"/> when the definition does not fit the data.</summary>
    public async Task<ExecutionPlan> CompileAsync(RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (plan, diagnostics) = await Compiler.CompileAsync(Definition, Registry, CompileOptionsFor(options), cancellationToken).ConfigureAwait(false);
        if (plan is null || diagnostics.Count > 0) throw new DefinitionException(diagnostics);
        return plan;
    }

    /// <summary>The plan as <c>dataprep explain</c> prints it.</summary>
    public async Task<string> ExplainAsync(RunOptions? options = null, CancellationToken cancellationToken = default) =>
        PlanRenderer.Text(await CompileAsync(options, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Runs the pipeline and commits a new version of the output root. On failure nothing is
    /// published: <see cref="RunFailedException"/> (limits, ledger), <see cref="StepFailedException"/>
    /// (a step threw), <see cref="DefinitionException"/> (the definition does not fit the data).
    /// A <c>memory</c> sink is read with <see cref="StreamAsync"/> or <see cref="CollectAsync"/> instead (DP1000 here).
    /// </summary>
    public async Task<RunResult> RunAsync(RunOptions? options = null, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Definition.Sink.Memory is not null)
        {
            throw new DefinitionException([new Diagnostic(Definition.Map.Find("sink"), DiagnosticCodes.MemorySinkNotWritable, "sink.memory",
                "a 'memory' sink keeps the results in the host (Pipeline.StreamAsync or CollectAsync); a run that writes an output root needs a parquet, arrow or csv sink")]);
        }
        // The --fit file is read once: its bytes give both the statistics and the hash the manifest records.
        var (fit, fitSha256) = ReadFit(options?.FitPath);
        var (plan, diagnostics) = await Compiler.CompileAsync(Definition, Registry, CompileOptionsFor(options) with { Fit = fit }, cancellationToken).ConfigureAwait(false);
        if (plan is null || diagnostics.Count > 0) throw new DefinitionException(diagnostics);
        var time = options?.Time ?? TimeProvider.System;
        using var observer = new RunObserver(LoggerFor(options), plan, time, plan.OutputRoot);
        var runner = new PipelineRunner(plan, _definitionSha256, time)
        {
            Request = new RunRequest
            {
                FullRefresh = options?.FullRefresh ?? false,
                Lease = options?.Lease,
                ScheduledFor = options?.ScheduledFor,
                // Another fit artifact means other statistics: the next incremental run refreshes in full.
                FitSha256 = fitSha256,
            },
        };
        RunResult result;
        try
        {
            result = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
            observer.Succeeded(result.Ledger, result.Manifest.Version);
        }
        catch (Exception e)
        {
            observer.Failed(e);
            throw;
        }
        finally
        {
            plan.ReleaseSteps();
        }
        if (options?.SaveFitPath is { } saveTo)
        {
            var artifact = result.Fit ?? new Fitting.FitArtifact
            {
                Pipeline = Definition.Name,
                Source = Fitting.FitBinder.Describe(plan.SourceSchema),
                Steps = [],
            };
            artifact.Write(saveTo);
        }
        return result;
    }

    /// <summary>The output root the definition writes to, absolute.</summary>
    public string OutputRoot => Path.GetFullPath(Definition.Sink.Path ?? "", BaseDirectory);

    private ILogger LoggerFor(RunOptions? options) => options?.Logger ?? Logger;

    /// <summary>
    /// The artifact at <paramref name="path"/> and the SHA-256 of its bytes, from one read. When it
    /// cannot be read or parsed, no artifact: the compiler reads the path itself and reports why as a
    /// diagnostic (DP0305), as <c>validate</c> does.
    /// </summary>
    private static (Fitting.FitArtifact? Artifact, string? Sha256) ReadFit(string? path)
    {
        if (path is null) return (null, null);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return (null, null); }
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try { return (Fitting.FitArtifact.Parse(bytes, path), sha); }
        catch (InvalidDataException) { return (null, sha); }
    }

    private CompileOptions CompileOptionsFor(RunOptions? options) => new()
    {
        FitPath = options?.FitPath,
        BaseDirectory = BaseDirectory,
        Source = options?.Source ?? BoundInput(options),
        Parallelism = options?.Parallelism,
        BatchSize = options?.BatchSize,
    };

    /// <summary>The host's batches for a <c>memory</c> source: those the run passes, else those bound to the pipeline.</summary>
    private IBatchSource? BoundInput(RunOptions? options)
    {
        if (Definition.Source.Memory is not { } memory) return null;
        if (options?.Inputs is { } inputs && inputs.TryGetValue(memory.Name, out var given)) return given;
        return _inputs.GetValueOrDefault(memory.Name);
    }
}
