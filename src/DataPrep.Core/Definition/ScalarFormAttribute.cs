namespace DataPrep.Definition;

/// <summary>
/// Lets an options object be written as a bare scalar in YAML, which binds to the named property
/// (<c>- select: [a, b]</c> style shorthands are not supported; this is for <c>parquet: "path"</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ScalarFormAttribute(string property) : Attribute
{
    public string Property { get; } = property;
}
