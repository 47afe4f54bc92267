using DataPrep.Execution;
using Spectre.Console;

namespace DataPrep.Cli.Output;

/// <summary>
/// Progress while a pipeline runs: live bars with rows/s and per-step counts on a terminal, a
/// plain line every few seconds when output is redirected (CI logs, schedulers).
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<RunResult> RunAsync(Pipeline pipeline, RunOptions options, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet) return await pipeline.RunAsync(options, null, cancellationToken);
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return await pipeline.RunAsync(options, new PlainProgress(), cancellationToken);

        RunResult? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting").IsIndeterminate();
                var progress = new Progress<RunProgress>(p => task.Description = Describe(p));
                result = await pipeline.RunAsync(options, progress, cancellationToken);
                task.Description = Describe(new RunProgress(result.Plan.Passes.Count, result.Plan.Passes.Count, result.Ledger.SourceRows, TimeSpan.Zero, result.Ledger));
                task.IsIndeterminate(false).Value = task.MaxValue;
            });
        return result!;
    }

    internal static string Describe(RunProgress p)
    {
        var rate = p.Elapsed.TotalSeconds > 0 ? p.RowsRead / p.Elapsed.TotalSeconds : 0;
        var steps = string.Join("  ", p.Ledger.Steps.Select(s => $"{s.StepId} {s.RowsOut:N0}" + (s.Quarantined + s.Dropped > 0 ? $" (-{s.Quarantined + s.Dropped:N0})" : "")));
        return Markup.Escape($"pass {p.Pass}/{p.PassCount}  {p.RowsRead:N0} rows  {rate:N0} rows/s  {steps}");
    }

    private sealed class PlainProgress : IProgress<RunProgress>
    {
        private DateTime _last = DateTime.MinValue;

        public void Report(RunProgress value)
        {
            if (DateTime.UtcNow - _last < TimeSpan.FromSeconds(5)) return;
            _last = DateTime.UtcNow;
            var rate = value.Elapsed.TotalSeconds > 0 ? value.RowsRead / value.Elapsed.TotalSeconds : 0;
            Console.Error.WriteLine($"[{value.Elapsed:hh\\:mm\\:ss}] pass {value.Pass}/{value.PassCount}: {value.RowsRead:N0} rows read, {rate:N0} rows/s");
        }
    }
}
