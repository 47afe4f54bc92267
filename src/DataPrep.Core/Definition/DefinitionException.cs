namespace DataPrep.Definition;

/// <summary>Thrown when a definition has problems; carries every diagnostic, not only the first.</summary>
public sealed class DefinitionException : Exception
{
    public DefinitionException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
