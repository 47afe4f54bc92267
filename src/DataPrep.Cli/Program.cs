using System.CommandLine;
using DataPrep.Cli.Commands;

namespace DataPrep.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("dataprep: declarative, streaming data preparation for ML training data")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
            ExplainCommand.Create(),
            SchemaCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.InvalidDefinition;
        }
        return await parse.InvokeAsync(new InvocationConfiguration());
    }
}
