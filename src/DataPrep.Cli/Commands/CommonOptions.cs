using System.CommandLine;

namespace DataPrep.Cli.Commands;

/// <summary>Arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Argument<FileInfo> PipelineFile() => new("pipeline") { Description = "The pipeline file (YAML or JSON)." };
}
