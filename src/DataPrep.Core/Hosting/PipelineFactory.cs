using DataPrep.Steps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataPrep.Hosting;

/// <summary>
/// Loads and builds pipelines with the host's step registry and logging: what
/// <c>services.AddDataPrep()</c> registers for injection.
/// </summary>
public sealed class PipelineFactory(StepRegistry registry, ILoggerFactory? loggerFactory = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DataPrep");

    /// <summary>Built-in steps and the host's own.</summary>
    public StepRegistry Registry { get; } = registry;

    /// <summary>Loads a pipeline file (see <see cref="Pipeline.Load"/>).</summary>
    public Pipeline Load(string path) => Pipeline.Load(path, Registry).WithLogger(_logger);

    /// <summary>Binds pipeline text (see <see cref="Pipeline.Parse"/>).</summary>
    public Pipeline Parse(string text, string baseDirectory, string fileName = "<text>") =>
        Pipeline.Parse(text, baseDirectory, Registry, fileName).WithLogger(_logger);

    /// <summary>Starts a pipeline in code; <see cref="PipelineBuilder.Build"/> gives it the host's logger.</summary>
    public PipelineBuilder Create(string name) => Pipeline.Create(name, Registry).WithLogger(_logger);
}
