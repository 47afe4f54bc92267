using System.Security.Cryptography;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Steps;

namespace DataPrep;

/// <summary>
/// The library entry point: load a pipeline file (or wrap a definition built in code), validate
/// it, explain its plan, run it.
/// <code>
/// var pipeline = Pipeline.Load("pipelines/quickstart.yaml");
/// var result = await pipeline.RunAsync(cancellationToken: ct);
/// Console.WriteLine(result.Manifest.Version);
/// </code>
/// </summary>
public sealed class Pipeline
{
    private readonly string _definitionSha256;

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

    /// <summary>Loads and binds a YAML or JSON pipeline file; throws <see cref="DefinitionException"/> with every problem found.</summary>
    public static Pipeline Load(string path, StepRegistry? registry = null)
    {
        registry ??= StepRegistry.CreateDefault();
        var definition = PipelineLoader.LoadFile(path, registry).GetOrThrow();
        var full = Path.GetFullPath(path);
        return new Pipeline(definition, Path.GetDirectoryName(full)!, registry, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(full))));
    }

    /// <summary>Wraps a definition built in code. Relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static Pipeline FromDefinition(PipelineDefinition definition, string baseDirectory, StepRegistry? registry = null)
    {
        registry ??= StepRegistry.CreateDefault();
        var yaml = PipelineYaml.Serialize(definition, registry);
        return new Pipeline(definition, Path.GetFullPath(baseDirectory), registry,
            Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(yaml))));
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

    /// <summary>
    /// Runs the pipeline and commits a new version of the output root. On failure nothing is
    /// published: <see cref="RunFailedException"/> (limits, ledger), <see cref="StepFailedException"/>
    /// (a step threw), <see cref="DefinitionException"/> (the definition does not fit the data).
    /// </summary>
    public async Task<RunResult> RunAsync(RunOptions? options = null, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await CompileAsync(options, cancellationToken).ConfigureAwait(false);
        var runner = new PipelineRunner(plan, _definitionSha256, options?.Time ?? TimeProvider.System)
        {
            Request = new RunRequest
            {
                FullRefresh = options?.FullRefresh ?? false,
                Lease = options?.Lease,
                ScheduledFor = options?.ScheduledFor,
                // Another fit artifact means other statistics: the next incremental run refreshes in full.
                FitSha256 = options?.FitPath is { } fit ? Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fit))) : null,
            },
        };
        var result = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
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

    private CompileOptions CompileOptionsFor(RunOptions? options) => new()
    {
        FitPath = options?.FitPath,
        BaseDirectory = BaseDirectory,
        Source = options?.Source,
        Parallelism = options?.Parallelism,
        BatchSize = options?.BatchSize,
    };
}
