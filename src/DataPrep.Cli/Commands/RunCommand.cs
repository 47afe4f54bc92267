using System.CommandLine;
using DataPrep.Cli.Output;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Reports;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep run PIPELINE</c>: run and commit a new output version; exit codes in <see cref="ExitCodes"/>.</summary>
internal static class RunCommand
{
    /// <summary>
    /// Set to 1, a failed run also prints its exception with every inner one and their stack traces
    /// (for a bug report; off by default, as a message may quote the data).
    /// </summary>
    public const string TraceVariable = "DATAPREP_TRACE";

    public static Command Create()
    {
        var file = CommonOptions.PipelineFile();
        var parallelism = new Option<int?>("--parallelism", "-p") { Description = "Degree of parallelism of map blocks (default: one per core). Output bytes do not depend on it." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Rows per batch. Output bytes do not depend on it." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress display; only the summary." };
        var fit = CommonOptions.Fit();
        var saveFit = new Option<FileInfo?>("--save-fit")
        {
            Description = "Also write the statistics of every fitted step (a fit artifact, JSON) to this file, for --fit in later runs or FittedPipeline in a service.",
        };
        var fullRefresh = new Option<bool>("--full-refresh") { Description = "Read every input again, even in an incremental pipeline (refresh.incremental)." };
        var command = new Command("run", "Run a pipeline and commit a new version of its output.") { file, parallelism, batchSize, quiet, fit, saveFit, fullRefresh };
        command.SetAction(async (parse, ct) =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var options = new RunOptions
            {
                Parallelism = parse.GetValue(parallelism),
                BatchSize = parse.GetValue(batchSize),
                FitPath = parse.GetValue(fit)?.FullName,
                SaveFitPath = parse.GetValue(saveFit)?.FullName,
                FullRefresh = parse.GetValue(fullRefresh),
            };
            if (options.Parallelism is <= 0 || options.BatchSize is <= 0)
            {
                Console.Error.WriteLine("error: --parallelism and --batch-size must be positive");
                return ExitCodes.InvalidDefinition;
            }
            try
            {
                var result = await ProgressDisplay.RunAsync(pipeline, options, parse.GetValue(quiet), ct);
                RunSummary.Print(result);
                if (options.SaveFitPath is { } saved)
                    Console.WriteLine(result.Fit is null ? $"fit artifact: {saved} (no step has a reusable fit)" : $"fit artifact: {saved} ({result.Fit.Steps.Count} fitted step(s))");
                return ExitCodes.Ok;
            }
            catch (DefinitionException e) { DefinitionErrors.Print(e.Diagnostics); return ExitCodes.InvalidDefinition; }
            catch (GateFailedException e)
            {
                ReportSummary.PrintGates(e.Report, Console.Error);
                Console.Error.WriteLine($"error: {e.Message}");
                Console.Error.WriteLine("the run failed a quality gate; the previous version is intact");
                return ExitCodes.GateFailed;
            }
            catch (Commit.LeaseHeldException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.LeaseHeld;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Console.Error.WriteLine("cancelled; nothing was committed");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is RunFailedException or StepFailedException or Commit.LeaseLostException or IOException or UnauthorizedAccessException or InvalidDataException)
            {
                return Failed($"error: {e.Message}", e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not a failure the engine reports itself: a bug. The commit is atomic all the same.
                return Failed($"error: internal error ({e.GetType().Name}): {e.Message}\n"
                    + $"this is a bug in DataPrep: please report it with the output of the same run with {TraceVariable}=1", e);
            }
        });
        return command;
    }

    private static int Failed(string message, Exception e)
    {
        Console.Error.WriteLine(message);
        if (Environment.GetEnvironmentVariable(TraceVariable) == "1") Console.Error.WriteLine(e.ToString());
        Console.Error.WriteLine("the run failed; nothing was committed and the previous version is intact");
        return ExitCodes.RunFailed;
    }
}
