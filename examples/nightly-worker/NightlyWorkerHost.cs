using DataPrep.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NightlyWorker;

/// <summary>Builds the worker's host: configuration, logging, and the nightly refresh as a hosted service.</summary>
public static class NightlyWorkerHost
{
    /// <param name="args">Command-line overrides, e.g. <c>--Nightly:Cron "30 1 * * *"</c>.</param>
    /// <param name="configure">Extra services; a test registers a fake <see cref="TimeProvider"/> here.</param>
    public static IHost Create(string[] args, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var nightly = builder.Configuration.GetSection("Nightly");
        var pipeline = Path.GetFullPath(nightly["Pipeline"] ?? "pipeline.yaml", builder.Environment.ContentRootPath);
        builder.Services.AddNightlyRefresh(pipeline, new NightlyRefreshOptions
        {
            Cron = nightly["Cron"] ?? "0 2 * * *",
            TimeZone = nightly["TimeZone"],
            Retry = new RetryPolicy { MaxAttempts = nightly.GetValue("MaxAttempts", 3) },
        });
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
