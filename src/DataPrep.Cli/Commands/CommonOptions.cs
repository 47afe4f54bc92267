using System.CommandLine;

namespace DataPrep.Cli.Commands;

/// <summary>Arguments several commands share.</summary>
internal static class CommonOptions
{
    public static Argument<FileInfo> PipelineFile() => new("pipeline") { Description = "The pipeline file (YAML or JSON)." };

    public static Option<FileInfo?> Fit() => new("--fit")
    {
        Description = "Apply the statistics of this fit artifact (written by --save-fit) instead of fitting: one pass. It must match the pipeline.",
    };
}
