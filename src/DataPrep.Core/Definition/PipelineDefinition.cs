using System.ComponentModel.DataAnnotations;
using DataPrep.IO;

namespace DataPrep.Definition;

/// <summary>The whole pipeline file.</summary>
public sealed class PipelineDefinition : IValidatableOptions
{
    /// <summary>Format version of the pipeline file. Only 1 exists.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Name of the pipeline; used in manifests and reports.</summary>
    public string Name { get; set; } = "pipeline";

    /// <summary>Seed of every random choice in the run. Same input, definition and seed give byte-identical output.</summary>
    public long Seed { get; set; }

    /// <summary>Where the rows come from.</summary>
    [Required]
    public SourceOptions Source { get; set; } = new();

    /// <summary>The steps, in order. Each item has exactly one step-name key, plus an optional <c>id</c>.</summary>
    public List<StepDefinition> Steps { get; set; } = [];

    /// <summary>Where the rows go. The output root holds versions, manifests and the quarantine.</summary>
    [Required]
    public SinkOptions Sink { get; set; } = new();

    /// <summary>What happens to rows and files that cannot be processed.</summary>
    public QuarantineOptions Quarantine { get; set; } = new();

    /// <summary>Repeated runs: incremental input and how many versions to keep.</summary>
    public RefreshOptions Refresh { get; set; } = new();

    /// <summary>Engine settings: parallelism, batch size, bounded capacity.</summary>
    public ExecutionOptions Execution { get; set; } = new();

    /// <summary>The quality report (profiles, row funnel, drift, gates), written into each committed version. Omit for none; gates alone still compute it.</summary>
    public ReportOptions? Report { get; set; }

    /// <summary>Thresholds on report metrics, checked before the commit: a failed error gate fails the run and commits nothing.</summary>
    public List<GateOptions> Gates { get; set; } = [];

    /// <summary>Where each node sits in the file; filled by the loader, empty for definitions built in code.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SourceMap Map { get; set; } = new("<code>");

    public void Validate(OptionsValidationContext context)
    {
        if (Version != 1) context.Error("version", DiagnosticCodes.UnsupportedVersion, $"version {Version} is not supported; use 1");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Steps.Count; i++)
        {
            if (!seen.Add(Steps[i].Id))
                context.Error($"steps[{i}].id", DiagnosticCodes.DuplicateStepId, $"step id '{Steps[i].Id}' is used twice");
        }
    }
}
