using DataPrep.Definition.Binding;
using DataPrep.Definition.Yaml;
using DataPrep.Steps;

namespace DataPrep.Definition;

/// <summary>
/// Loads a pipeline file (YAML, or JSON, which is read by the same parser) into a
/// <see cref="PipelineDefinition"/>, collecting every problem with its line and column.
/// </summary>
public static class PipelineLoader
{
    public static LoadResult LoadFile(string path, StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFile(path, out var text) is { } problem ? new LoadResult(null, [problem]) : Parse(text, path, registry);
    }

    /// <param name="fileName">Used in diagnostics only.</param>
    public static LoadResult Parse(string text, string fileName, StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(registry);
        var (root, syntax) = YamlDocumentReader.Read(text, fileName);
        if (syntax.Count > 0 && root is null) return new LoadResult(null, BindSession.Sort(syntax));

        var session = new BindSession(fileName, registry);
        session.AddRange(syntax);
        var definition = (PipelineDefinition)OptionsBinder.BindRoot(typeof(PipelineDefinition), root, session);
        definition.Map = session.Map;
        var diagnostics = session.Sorted();
        return new LoadResult(diagnostics.Count == 0 ? definition : null, diagnostics);
    }

    /// <summary>Reads a file for loading; returns a DP0002/DP0003 diagnostic instead of throwing.</summary>
    internal static Diagnostic? ReadFile(string path, out string text)
    {
        text = "";
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                return new Diagnostic(SourceLocation.None(path), DiagnosticCodes.FileUnreadable, "", $"cannot read '{path}': the file does not exist");
            var max = YamlLimits.Default.MaxBytes;
            if (info.Length > max)
                return new Diagnostic(new SourceLocation(path, 1, 1), DiagnosticCodes.LimitExceeded, "",
                    $"the file is {info.Length} bytes; at most {max} are allowed");
            text = File.ReadAllText(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return new Diagnostic(SourceLocation.None(path), DiagnosticCodes.FileUnreadable, "", $"cannot read '{path}': {ex.Message}");
        }
    }
}
