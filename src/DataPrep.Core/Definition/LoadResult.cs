namespace DataPrep.Definition;

/// <summary>
/// The outcome of loading a pipeline file: the definition when there were no problems, and every
/// diagnostic in file order (line, column, code).
/// </summary>
public sealed record LoadResult(PipelineDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Success => Definition is not null && Diagnostics.Count == 0;

    /// <summary>The definition, or a <see cref="DefinitionException"/> carrying every diagnostic.</summary>
    public PipelineDefinition GetOrThrow() =>
        Success ? Definition! : throw new DefinitionException(Diagnostics);
}
