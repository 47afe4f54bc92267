namespace DataPrep.Definition.Yaml;

/// <summary>Bounds that keep a hostile file from exhausting memory or time. Aliases count as what they expand to.</summary>
internal sealed record YamlLimits(long MaxBytes, int MaxDepth, int MaxNodes, int MaxAliases)
{
    public static YamlLimits Default { get; } = new(4L * 1024 * 1024, 64, 100_000, 100);
}
