namespace DataPrep.Definition.Yaml;

/// <summary>A mapping with scalar keys, in file order. Duplicate keys are reported by the reader and only the first is kept.</summary>
internal sealed class YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, int line, int column)
    : YamlNode(line, column)
{
    private readonly int _count = 1 + entries.Sum(e => e.Key.Count + e.Value.Count);
    private readonly int _height = 1 + (entries.Count == 0 ? 0 : entries.Max(e => e.Value.Height));

    public static YamlMapping Empty(int line, int column) => new([], line, column);

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = entries;

    public override int Count => _count;

    public override int Height => _height;

    public override string Describe() => "a mapping";
}
