using System.CommandLine;
using DataPrep.Definition;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep schema</c>: the JSON Schema of pipeline files, generated from the option types.</summary>
internal static class SchemaCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("schema", "Print the JSON Schema of pipeline files (for editors: yaml-language-server).") { output };
        command.SetAction(parse =>
        {
            var schema = PipelineSchema.Generate(StepCatalog.Create());
            if (parse.GetValue(output) is { } file) File.WriteAllText(file.FullName, schema);
            else Console.Out.Write(schema);
            return ExitCodes.Ok;
        });
        return command;
    }
}
