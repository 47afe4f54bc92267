namespace DataPrep.Definition;

/// <summary>The outcome of binding one options object from YAML or JSON text.</summary>
public sealed record BindResult<T>(T? Value, IReadOnlyList<Diagnostic> Diagnostics, SourceMap Map)
    where T : class
{
    public bool Success => Value is not null && Diagnostics.Count == 0;

    /// <summary>The bound value, or a <see cref="DefinitionException"/> carrying every diagnostic.</summary>
    public T GetOrThrow() => Success ? Value! : throw new DefinitionException(Diagnostics);
}
