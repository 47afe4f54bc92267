using DataPrep.Steps;

namespace DataPrep.Hosting;

/// <summary>What a host adds to DataPrep in <c>services.AddDataPrep(setup => ...)</c>: its own steps.</summary>
public sealed class DataPrepSetup
{
    private readonly List<Action<StepRegistry>> _steps = [];

    /// <summary>Registers a custom step by name, usable from YAML and the builder like a built-in one.</summary>
    public DataPrepSetup AddStep<TOptions>(string name, Func<TOptions, string, IStep> create) where TOptions : class, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        _steps.Add(r => r.Register(name, create));
        return this;
    }

    internal StepRegistry BuildRegistry()
    {
        var registry = StepRegistry.CreateDefault();
        foreach (var add in _steps) add(registry);
        return registry;
    }
}
