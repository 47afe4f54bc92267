using System.CommandLine;
using DataPrep.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataPrep.Cli.Commands;

/// <summary>
/// <c>dataprep schedule PIPELINE --cron "0 2 * * *" --time-zone Europe/Berlin</c>: runs the
/// pipeline on a schedule as a long-lived hosted service (docs/NIGHTLY.md) until stopped.
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create()
    {
        var file = CommonOptions.PipelineFile();
        var cron = new Option<string>("--cron") { Description = "Cron expression, five fields: minute hour day month weekday, e.g. \"0 2 * * *\".", Required = true };
        var zone = new Option<string?>("--time-zone") { Description = "Time zone the expression is read in (IANA id, e.g. Europe/Berlin); default UTC." };
        var attempts = new Option<int>("--attempts") { Description = "Attempts per slot for failures that retrying can fix (I/O errors, inputs not there yet), with exponential backoff from one minute.", DefaultValueFactory = _ => 3 };
        var command = new Command("schedule", "Run a pipeline on a cron schedule until stopped: one writer per output root, one catch-up after downtime, retries with backoff.")
        {
            file, cron, zone, attempts,
        };
        command.SetAction(async (parse, ct) =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var options = new NightlyRefreshOptions
            {
                Cron = parse.GetValue(cron)!,
                TimeZone = parse.GetValue(zone),
                Retry = new RetryPolicy { MaxAttempts = Math.Max(1, parse.GetValue(attempts)) },
            };
            try { _ = new CronSchedule(options.Cron, options.TimeZone); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.InvalidDefinition;
            }
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.Services.AddNightlyRefresh(parse.GetValue(file)!.FullName, options);
            using var host = builder.Build();
            try { await host.RunAsync(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return ExitCodes.Ok;
        });
        return command;
    }
}
