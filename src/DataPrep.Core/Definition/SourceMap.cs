namespace DataPrep.Definition;

/// <summary>
/// Where each node of a pipeline file sits, keyed by its path
/// (<c>steps[2].validate.rules[0].column</c>). Lookups fall back to the nearest parent, so a
/// problem with a value that was left out points at the object that should have held it.
/// </summary>
public sealed class SourceMap
{
    private readonly Dictionary<string, SourceLocation> _locations = new(StringComparer.Ordinal);

    public SourceMap(string file) => File = file;

    public string File { get; }

    public void Add(string path, SourceLocation location) => _locations.TryAdd(path, location);

    public SourceLocation Find(string path)
    {
        var p = path;
        while (true)
        {
            if (_locations.TryGetValue(p, out var loc)) return loc;
            if (p.Length == 0) return SourceLocation.None(File);
            p = Parent(p);
        }
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }
}
