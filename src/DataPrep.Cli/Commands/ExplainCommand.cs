using System.CommandLine;
using DataPrep.Definition;
using DataPrep.Execution;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep explain PIPELINE</c>: passes, blocks, parallelism and state held, as text, Mermaid or DOT.</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var file = CommonOptions.PipelineFile();
        var format = new Option<string>("--format", "-f") { Description = "text, mermaid or dot.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "mermaid", "dot");
        var fit = CommonOptions.Fit();
        var command = new Command("explain", "Print the execution plan of a pipeline.") { file, format, fit };
        command.SetAction(async (parse, ct) =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            ExecutionPlan plan;
            try { plan = await pipeline.CompileAsync(new RunOptions { FitPath = parse.GetValue(fit)?.FullName }, ct); }
            catch (DefinitionException e) { DefinitionErrors.Print(e.Diagnostics); return ExitCodes.InvalidDefinition; }
            Console.Out.Write(parse.GetValue(format) switch
            {
                "mermaid" => PlanRenderer.Mermaid(plan),
                "dot" => PlanRenderer.Dot(plan),
                _ => PlanRenderer.Text(plan),
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
