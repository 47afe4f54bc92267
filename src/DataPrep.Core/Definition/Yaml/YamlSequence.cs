namespace DataPrep.Definition.Yaml;

/// <summary>A list, block (<c>- x</c>) or flow (<c>[x, y]</c>).</summary>
internal sealed class YamlSequence(IReadOnlyList<YamlNode> items, int line, int column) : YamlNode(line, column)
{
    private readonly int _count = 1 + items.Sum(i => i.Count);
    private readonly int _height = 1 + (items.Count == 0 ? 0 : items.Max(i => i.Height));

    public IReadOnlyList<YamlNode> Items { get; } = items;

    public override int Count => _count;

    public override int Height => _height;

    public override string Describe() => "a list";
}
