using System.CommandLine;
using DataPrep.Reports;
using DataPrep.Reports.Init;
using DataPrep.Steps;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep init DATASET</c>: a starting pipeline file proposed from the dataset's profile.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "A .csv, .parquet or .arrow file, or a folder of them." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "The pipeline file to write (default: pipelines/NAME.yaml). An existing file is not overwritten." };
        var label = new Option<string?>("--label") { Description = "The label column (default: one named label, target, class, y or outcome); a skewed label gets a rebalance step." };
        var command = new Command("init", "Write a starting pipeline file from a profile of the dataset, each step commented with the finding that suggested it.") { dataset, output, label };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(dataset)!;
            var target = parse.GetValue(output)?.FullName ?? Path.Combine("pipelines", ProfileCommand.Name(path).ToLowerInvariant() + ".yaml");
            if (File.Exists(target))
            {
                Console.Error.WriteLine($"error: {target} exists; give another --out or remove it");
                return ExitCodes.InvalidDefinition;
            }
            try
            {
                var report = await DatasetProfiler.ProfileAsync(DatasetProfiler.SourceFor(path), Environment.CurrentDirectory, ProfileCommand.Name(path), cancellationToken: ct);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                var yaml = await PipelineProposer.ProposeAsync(report, path, target, parse.GetValue(label), StepRegistry.CreateDefault(), ct);
                await File.WriteAllTextAsync(target, yaml, ct);
                Console.Write(yaml);
                Console.WriteLine($"# written to {target}; check it with: dataprep validate {target}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.RunFailed;
            }
        });
        return command;
    }
}
