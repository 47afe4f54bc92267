using DataPrep.Definition;

namespace DataPrep.Execution;

/// <summary>Checks on the output root made before any data is touched.</summary>
internal static class OutputChecks
{
    public static IEnumerable<Diagnostic> Check(PipelineDefinition definition, string baseDirectory, string outputRoot, IReadOnlyList<string> inputs)
    {
        var location = definition.Map.Find("sink");
        if (definition.Sink.Memory is not null) yield break; // no output root: results stay with the host
        if (string.IsNullOrWhiteSpace(definition.Sink.Path))
        {
            yield return new(location, DiagnosticCodes.MissingRequired, "sink", "the sink needs a path");
            yield break;
        }
        if (definition.Source.Memory is not null) yield break;
        var inputRoot = InputRoot(definition.Source.Path ?? "", baseDirectory);
        if (IsInside(outputRoot, inputRoot) || inputs.Any(i => IsInside(i, outputRoot)))
        {
            yield return new(location, DiagnosticCodes.OutputInsideInput, "sink",
                $"the output root '{outputRoot}' overlaps the input '{inputRoot}'; a later run would read its own output");
        }
        if (File.Exists(outputRoot))
            yield return new(location, DiagnosticCodes.OutputUnwritable, "sink", $"the output root '{outputRoot}' is a file, not a folder");
    }

    /// <summary>The folder a source pattern reads below: the part before the first wildcard, or the path itself.</summary>
    internal static string InputRoot(string pattern, string baseDirectory)
    {
        var wildcard = pattern.IndexOfAny(['*', '?', '[']);
        var fixedPart = wildcard < 0 ? pattern : pattern[..wildcard];
        if (wildcard >= 0) fixedPart = Path.GetDirectoryName(fixedPart) ?? "";
        return Path.GetFullPath(fixedPart.Length == 0 ? "." : fixedPart, baseDirectory);
    }

    internal static bool IsInside(string path, string root)
    {
        var p = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var r = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return p == r || p.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
