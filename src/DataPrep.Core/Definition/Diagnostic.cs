namespace DataPrep.Definition;

/// <summary>
/// One problem found in a pipeline definition, printed in the MSBuild format
/// <c>file(line,col): error DPnnnn: path: message</c> so editors and CI annotate it.
/// </summary>
public sealed record Diagnostic(SourceLocation Location, string Code, string Path, string Message)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Path)
            ? $"{Location}: error {Code}: {Message}"
            : $"{Location}: error {Code}: {Path}: {Message}";
}
