namespace DataPrep.Definition;

/// <summary>One item of <c>steps:</c>: the step name, its id and its bound options.</summary>
public sealed class StepDefinition
{
    public StepDefinition(string name, string id, object options, string path)
    {
        Name = name;
        Id = id;
        Options = options;
        Path = path;
    }

    /// <summary>The step-name key, e.g. <c>validate</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>id</c> key, or <c>name</c> / <c>name_2</c> when none was given.</summary>
    public string Id { get; }

    /// <summary>An instance of the options type the registry names for <see cref="Name"/>.</summary>
    public object Options { get; }

    /// <summary>Path of the item in the file (<c>steps[3]</c>), for locating diagnostics.</summary>
    public string Path { get; }
}
