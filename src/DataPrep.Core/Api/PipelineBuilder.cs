using Apache.Arrow;
using DataPrep.Definition;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep;

/// <summary>
/// Builds a pipeline in code with the option types of the pipeline file. <see cref="Build"/>
/// binds it through the same loader as a file (same validation, same diagnostics, same plan), so
/// a pipeline built here and the same pipeline written in YAML are one and the same.
/// <code>
/// var pipeline = Pipeline.Create("customers")
///     .FromCsv("data/customers.csv")
///     .Step(new FilterOptions { Where = "age >= 18" })
///     .Step(new DedupeOptions { Keys = ["email"] })
///     .ToParquet("out/customers")
///     .Build();
/// </code>
/// </summary>
public sealed class PipelineBuilder
{
    private readonly PipelineDefinition _definition;
    private readonly StepRegistry _registry;
    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IBatchSource> _inputs = new(StringComparer.Ordinal);
    private string _baseDirectory = Environment.CurrentDirectory;
    private Microsoft.Extensions.Logging.ILogger? _logger;
    private bool _hasSource, _hasSink;

    internal PipelineBuilder(string name, StepRegistry? registry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _registry = registry ?? StepRegistry.CreateDefault();
        _definition = new PipelineDefinition { Name = name };
    }

    /// <summary>The seed of every random choice (<c>seed:</c>).</summary>
    public PipelineBuilder Seed(long seed) { _definition.Seed = seed; return this; }

    /// <summary>Directory relative paths resolve against (default: the current directory).</summary>
    public PipelineBuilder BaseDirectory(string directory) { _baseDirectory = Path.GetFullPath(directory); return this; }

    /// <summary>Where the built pipeline's runs log.</summary>
    public PipelineBuilder WithLogger(Microsoft.Extensions.Logging.ILogger logger) { _logger = logger; return this; }

    /// <summary>Engine settings (<c>execution:</c>).</summary>
    public PipelineBuilder Execution(Action<ExecutionOptions> configure) { configure(_definition.Execution); return this; }

    /// <summary>Quarantine settings (<c>quarantine:</c>).</summary>
    public PipelineBuilder Quarantine(Action<QuarantineOptions> configure) { configure(_definition.Quarantine); return this; }

    /// <summary>The source, as in <c>source:</c>.</summary>
    public PipelineBuilder From(SourceOptions source)
    {
        _definition.Source = source ?? throw new ArgumentNullException(nameof(source));
        _hasSource = true;
        return this;
    }

    public PipelineBuilder FromCsv(string path) => From(new SourceOptions { Csv = new CsvSourceOptions { Path = path } });

    public PipelineBuilder FromParquet(string path) => From(new SourceOptions { Parquet = new ParquetSourceOptions { Path = path } });

    public PipelineBuilder FromArrow(string path) => From(new SourceOptions { Arrow = new ArrowSourceOptions { Path = path } });

    /// <summary>Reads batches the host holds: a <c>memory</c> source named <paramref name="name"/>, bound to <paramref name="source"/>.</summary>
    public PipelineBuilder From(IBatchSource source, string name = "input")
    {
        ArgumentNullException.ThrowIfNull(source);
        _inputs[name] = source;
        return From(new SourceOptions { Memory = new MemorySourceOptions { Name = name } });
    }

    /// <summary>Reads batches the host produces; <paramref name="batches"/> is called once per pass over the source.</summary>
    public PipelineBuilder From(Schema schema, Func<IAsyncEnumerable<RecordBatch>> batches, string name = "input") =>
        From(BatchSource.FromBatches(schema, batches, name), name);

    /// <summary>
    /// Adds a step whose options type names it: the registry's only step taking <typeparamref name="TOptions"/>.
    /// Its id is the step name (<c>name_2</c> for the second, and so on) unless given.
    /// </summary>
    public PipelineBuilder Step<TOptions>(TOptions options, string? id = null) where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = _registry.All.Where(r => r.OptionsType == typeof(TOptions)).Select(r => r.Name).ToList();
        return names.Count switch
        {
            1 => Step(names[0], options, id),
            0 => throw new ArgumentException($"no registered step takes {typeof(TOptions).Name}; register one with StepRegistry.Register", nameof(options)),
            _ => throw new ArgumentException($"steps {string.Join(", ", names)} all take {typeof(TOptions).Name}; name the step with Step(name, options)", nameof(options)),
        };
    }

    /// <summary>Adds the step registered as <paramref name="name"/> (built in or custom), as an item of <c>steps:</c>.</summary>
    public PipelineBuilder Step(string name, object options, string? id = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        if (!_registry.TryGet(name, out _))
            throw new ArgumentException($"unknown step '{name}' (known steps: {string.Join(", ", _registry.All.Select(r => r.Name))})", nameof(name));
        var n = _occurrences[name] = _occurrences.GetValueOrDefault(name) + 1;
        _definition.Steps.Add(new StepDefinition(name, id ?? (n == 1 ? name : $"{name}_{n}"), options, $"steps[{_definition.Steps.Count}]"));
        return this;
    }

    /// <summary>The sink, as in <c>sink:</c>.</summary>
    public PipelineBuilder To(SinkOptions sink)
    {
        _definition.Sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _hasSink = true;
        return this;
    }

    public PipelineBuilder ToParquet(string path) => To(new SinkOptions { Parquet = new ParquetSinkOptions { Path = path } });

    public PipelineBuilder ToCsv(string path) => To(new SinkOptions { Csv = new CsvSinkOptions { Path = path } });

    public PipelineBuilder ToArrow(string path) => To(new SinkOptions { Arrow = new ArrowSinkOptions { Path = path } });

    /// <summary>Keeps the results in memory (a <c>memory</c> sink): read them with <see cref="Pipeline.StreamAsync"/> or <see cref="Pipeline.CollectAsync"/>.</summary>
    public PipelineBuilder ToMemory(string name = "output") => To(new SinkOptions { Memory = new MemorySinkOptions { Name = name } });

    /// <summary>The definition as a pipeline file would say it.</summary>
    public string ToYaml()
    {
        if (!_hasSource) throw new InvalidOperationException("the pipeline has no source: call From(...) first");
        if (!_hasSink) throw new InvalidOperationException("the pipeline has no sink: call To(...) or ToMemory()");
        return PipelineYaml.Serialize(_definition, _registry);
    }

    /// <summary>
    /// Binds the definition like a pipeline file: every option is validated by the same binder, and
    /// every problem comes back in one <see cref="DefinitionException"/>, with the option's path.
    /// Columns are checked against the data when the pipeline is validated, explained or run.
    /// </summary>
    public Pipeline Build()
    {
        var pipeline = Pipeline.Parse(ToYaml(), _baseDirectory, _registry, $"<code:{_definition.Name}>");
        foreach (var (name, source) in _inputs) pipeline = pipeline.WithInput(name, source);
        if (_logger is not null) pipeline = pipeline.WithLogger(_logger);
        return pipeline;
    }
}
