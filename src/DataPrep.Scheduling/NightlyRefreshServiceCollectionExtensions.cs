using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataPrep.Scheduling;

/// <summary>Adds a nightly refresh to a .NET host (a worker service, an ASP.NET Core app).</summary>
public static class NightlyRefreshServiceCollectionExtensions
{
    /// <summary>
    /// Runs the pipeline file at <paramref name="pipelinePath"/> on <paramref name="options"/>' schedule
    /// as a hosted service. The file is loaded (and its errors thrown) when the host builds the
    /// service; the clock is the host's <see cref="TimeProvider"/> when one is registered.
    /// </summary>
    public static IServiceCollection AddNightlyRefresh(this IServiceCollection services, string pipelinePath, NightlyRefreshOptions options)
    {
        _ = new CronSchedule(options.Cron, options.TimeZone); // a bad expression or zone fails here, at startup
        services.AddSingleton(sp => new RefreshScheduler(Pipeline.Load(pipelinePath), options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILogger<RefreshScheduler>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RefreshScheduler>());
        return services;
    }
}
