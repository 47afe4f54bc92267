using System.CommandLine;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep validate PIPELINE</c>: every problem of the definition, checked against the input's schema; reads no rows.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = CommonOptions.PipelineFile();
        var fit = CommonOptions.Fit();
        var command = new Command("validate", "Check a pipeline file and the input schema without reading data.") { file, fit };
        command.SetAction(async (parse, ct) =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var diagnostics = await pipeline.ValidateAsync(new RunOptions { FitPath = parse.GetValue(fit)?.FullName }, ct);
            if (diagnostics.Count > 0)
            {
                DefinitionErrors.Print(diagnostics);
                return ExitCodes.InvalidDefinition;
            }
            Console.WriteLine($"{parse.GetValue(file)!.Name}: valid ({pipeline.Definition.Steps.Count} steps)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
