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
            DecryptCommand.Create(),
            ProfileCommand.Create(),
            InitCommand.Create(),
            ScheduleCommand.Create(),
            RunsCommand.Create(),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.InvalidDefinition;
        }
        // On SIGINT / SIGTERM the run's token is cancelled and the run unwinds (abandoning its
        // staging folder) before the process exits with the code the command returns.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
    }
}
