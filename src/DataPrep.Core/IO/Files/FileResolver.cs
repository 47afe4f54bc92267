namespace DataPrep.IO.Files;

/// <summary>
/// Turns a source path into files: a file, a folder (every file with one of the format's
/// extensions below it, recursively) or a glob with <c>*</c>, <c>?</c> and <c>**</c>.
/// Results are absolute and ordinal-sorted so that every run reads the same files in the same order.
/// </summary>
internal static class FileResolver
{
    public static IReadOnlyList<string> Resolve(string pattern, string baseDirectory, IReadOnlyList<string> extensions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var normalized = pattern.Replace('\\', '/');
        var full = Path.IsPathRooted(normalized) ? normalized : Path.Combine(Path.GetFullPath(baseDirectory), normalized);

        if (!Glob.HasWildcards(full))
        {
            var path = Path.GetFullPath(full);
            if (File.Exists(path)) return [path];
            if (!Directory.Exists(path)) return [];
            return Sorted(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase))));
        }

        var (root, rest) = Glob.SplitRoot(full.Replace('\\', '/'));
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root)) return [];
        var glob = new Glob(rest);
        return Sorted(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => glob.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/'))));
    }

    private static string[] Sorted(IEnumerable<string> files)
    {
        var result = files.Select(Path.GetFullPath).ToArray();
        Array.Sort(result, StringComparer.Ordinal);
        return result;
    }
}
