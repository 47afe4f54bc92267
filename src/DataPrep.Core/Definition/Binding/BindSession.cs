using DataPrep.Definition.Yaml;
using DataPrep.Steps;

namespace DataPrep.Definition.Binding;

/// <summary>State of one binding run: the file, the source map being filled and every problem found.</summary>
internal sealed class BindSession(string file, StepRegistry? registry)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public string File { get; } = file;

    public SourceMap Map { get; } = new(file);

    public StepRegistry? Registry { get; } = registry;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public void Record(string path, YamlNode node) => Map.Add(path, node.Location(File));

    public void Report(YamlNode at, string code, string path, string message) =>
        Report(at.Location(File), code, path, message);

    public void Report(SourceLocation at, string code, string path, string message) =>
        _diagnostics.Add(new Diagnostic(at, code, path, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _diagnostics.AddRange(diagnostics);

    /// <summary>
    /// True when a problem was already reported at <paramref name="path"/> or one of its parents;
    /// used to drop follow-on errors from <see cref="IValidatableOptions.Validate"/> about a value
    /// that kept its default because it failed to bind.
    /// </summary>
    public bool AlreadyReported(string path) => _diagnostics.Any(d =>
        d.Path == path || (path.StartsWith(d.Path, StringComparison.Ordinal) && d.Path.Length > 0
                           && path[d.Path.Length] is '.' or '['));

    /// <summary>Diagnostics in file order: line, column, then code.</summary>
    public IReadOnlyList<Diagnostic> Sorted() => Sort(_diagnostics);

    public static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column)
            .ThenBy(d => d.Code, StringComparer.Ordinal).ToArray();
}
