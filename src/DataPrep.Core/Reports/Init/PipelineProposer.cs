using System.Text;
using System.Text.Json;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Reports.Init;

/// <summary>
/// Writes a starting pipeline file from a dataset's profile (<c>dataprep init</c>). Only steps in
/// the registry are proposed, each under a comment with the finding that suggested it; each is
/// checked against the data (validated and bound like <c>dataprep validate</c>) and a step that
/// does not fit is written as a comment with the reason.
/// </summary>
public static class PipelineProposer
{
    private static readonly string[] LabelNames = ["label", "target", "class", "y", "outcome"];

    /// <param name="pipelinePath">Where the file will be written; paths inside it are relative to its folder.</param>
    public static async Task<string> ProposeAsync(QualityReport report, string datasetPath, string pipelinePath, string? label, StepRegistry registry,
        CancellationToken cancellationToken = default)
    {
        var profile = report.Source ?? throw new ArgumentException("the report has no source profile");
        label ??= profile.Columns.FirstOrDefault(c => LabelNames.Contains(c.Name.ToLowerInvariant()))?.Name;
        if (label is not null && profile.Columns.All(c => c.Name != label)) throw new ArgumentException($"the dataset has no column '{label}'");
        var context = new ProposalContext(report, profile, label);
        var directory = Path.GetDirectoryName(Path.GetFullPath(pipelinePath))!;
        var datasetRelative = Path.GetRelativePath(directory, Path.GetFullPath(datasetPath)).Replace('\\', '/');
        var name = NameOf(datasetPath);
        var source = DatasetProfiler.SourceFor(datasetPath);
        var format = source.Csv is not null ? "csv" : source.Parquet is not null ? "parquet" : "arrow";

        var accepted = new List<ProposedStep>();
        var notes = new List<string>();
        var imputed = false;
        foreach (var (step, propose) in ProposalRules.All)
        {
            // A quarantine for missing numbers is the fallback when nothing imputes them.
            var proposal = step == "validate" && imputed ? ProposalRules.ValidateAfterImpute(context) : propose(context);
            if (proposal is null) continue;
            if (!registry.TryGet(step, out _)) { notes.Add($"{proposal.Finding}; a '{step}' step would handle it, but none is registered"); continue; }
            var problems = await CheckAsync(Render(name, format, datasetRelative, [.. accepted, proposal], [], report, label), pipelinePath, registry, cancellationToken).ConfigureAwait(false);
            if (problems is null)
            {
                accepted.Add(proposal);
                imputed |= step == "impute";
            }
            else notes.Add($"{proposal.Finding}; the proposed '{step}' step does not fit: {problems}");
        }
        return Render(name, format, datasetRelative, accepted, notes, report, label);
    }

    private static async Task<string?> CheckAsync(string yaml, string pipelinePath, StepRegistry registry, CancellationToken cancellationToken)
    {
        var loaded = PipelineLoader.Parse(yaml, pipelinePath, registry);
        if (!loaded.Success) return string.Join("; ", loaded.Diagnostics.Select(d => d.Message));
        var (_, diagnostics) = await Compiler.CompileAsync(loaded.Definition!, registry,
            new CompileOptions { BaseDirectory = Path.GetDirectoryName(Path.GetFullPath(pipelinePath))! }, cancellationToken).ConfigureAwait(false);
        return diagnostics.Count == 0 ? null : string.Join("; ", diagnostics.Select(d => d.Message));
    }

    private static string Render(string name, string format, string dataset, IReadOnlyList<ProposedStep> steps, IReadOnlyList<string> notes, QualityReport report, string? label)
    {
        var profile = report.Source!;
        var sb = new StringBuilder();
        sb.Append("# yaml-language-server: $schema=https://dataprep.dev/schemas/pipeline.schema.json\n");
        sb.Append($"# Started by `dataprep init` from a profile of {profile.Rows:N0} rows and {profile.Columns.Count} columns of {dataset}.\n");
        sb.Append("# Each step says what in the data suggested it; review them before relying on the output.\n");
        if (label is not null) sb.Append($"# Label column: {label}\n");
        foreach (var note in notes) sb.Append($"# Not proposed: {note}\n");
        sb.Append($"version: 1\nname: {JsonSerializer.Serialize(name)}\nseed: 42\n");
        sb.Append($"source:\n  {format}:\n    path: {JsonSerializer.Serialize(dataset)}\n");
        if (steps.Count == 0) sb.Append("steps: []\n");
        else
        {
            sb.Append("steps:\n");
            foreach (var s in steps)
            {
                foreach (var finding in s.Finding.Split("; ")) sb.Append($"  # {finding}\n");
                sb.Append($"  - {s.Yaml}\n");
            }
        }
        sb.Append($"sink:\n  parquet:\n    path: {JsonSerializer.Serialize("../out/" + name)}\n");
        sb.Append("report:\n  formats: [json, html, markdown]\n");
        sb.Append("gates:\n  - { metric: quarantine_rate, max: 0.05 }\n");
        return sb.ToString();
    }

    private static string NameOf(string datasetPath)
    {
        var full = Path.GetFullPath(datasetPath).TrimEnd('/', '\\');
        var stem = Directory.Exists(full) ? Path.GetFileName(full) : Path.GetFileNameWithoutExtension(full);
        var clean = new string(stem.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '_').ToArray()).Trim('_');
        return clean.Length == 0 ? "dataset" : clean;
    }
}
