namespace DataPrep.Steps;

/// <summary>
/// Step names known to the loader, the schema generator and the compiler. Built-in steps are
/// listed in <see cref="BuiltInSteps"/>; hosts add their own with <see cref="Register{TOptions}"/>
/// and use them from YAML like built-in ones.
/// </summary>
public sealed class StepRegistry
{
    private readonly Dictionary<string, StepRegistration> _steps = new(StringComparer.Ordinal);

    /// <summary>A registry holding the built-in steps.</summary>
    public static StepRegistry CreateDefault()
    {
        var registry = new StepRegistry();
        BuiltInSteps.AddTo(registry);
        return registry;
    }

    public IEnumerable<StepRegistration> All => _steps.Values.OrderBy(s => s.Name, StringComparer.Ordinal);

    /// <param name="name">The YAML key, snake_case.</param>
    /// <param name="create">Builds the step from validated options and its id.</param>
    public StepRegistry Register<TOptions>(string name, Func<TOptions, string, IStep> create)
        where TOptions : class, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_steps.TryAdd(name, new StepRegistration(name, typeof(TOptions), (o, id) => create((TOptions)o, id))))
            throw new InvalidOperationException($"a step named '{name}' is already registered");
        return this;
    }

    public bool TryGet(string name, out StepRegistration registration) =>
        _steps.TryGetValue(name, out registration!);
}
