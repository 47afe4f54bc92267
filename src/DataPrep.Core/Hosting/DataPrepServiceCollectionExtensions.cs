using DataPrep.Hosting;
using DataPrep.Steps;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

// The conventional namespace for IServiceCollection extensions, so AddDataPrep shows up without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary><c>services.AddDataPrep()</c> for hosts.</summary>
public static class DataPrepServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="StepRegistry"/> (built-in steps plus the host's) and <see cref="PipelineFactory"/>
    /// (which logs through the host's <see cref="ILoggerFactory"/> when there is one). Calling it again adds to the same setup.
    /// </summary>
    public static IServiceCollection AddDataPrep(this IServiceCollection services, Action<DataPrepSetup>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var setup = services.FirstOrDefault(d => d.ServiceType == typeof(DataPrepSetup))?.ImplementationInstance as DataPrepSetup;
        if (setup is null)
        {
            setup = new DataPrepSetup();
            services.AddSingleton(setup);
            services.TryAddSingleton(sp => sp.GetRequiredService<DataPrepSetup>().BuildRegistry());
            services.TryAddSingleton(sp => new PipelineFactory(sp.GetRequiredService<StepRegistry>(), sp.GetService<ILoggerFactory>()));
        }
        configure?.Invoke(setup);
        return services;
    }
}
