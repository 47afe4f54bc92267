namespace DataPrep.Definition.Yaml;

/// <summary>
/// A node of a parsed pipeline file. The tree is immutable, so an alias simply shares the
/// anchored node; <see cref="Count"/> and <see cref="Height"/> include what aliases expand to,
/// which is what the limits are checked against.
/// </summary>
internal abstract class YamlNode(int line, int column)
{
    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; } = line;

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; } = column;

    /// <summary>Nodes in this subtree, this one included, aliases expanded.</summary>
    public abstract int Count { get; }

    /// <summary>Collection nesting below and including this node (0 for a scalar).</summary>
    public abstract int Height { get; }

    /// <summary>"a mapping", "a list" or the quoted scalar, for messages.</summary>
    public abstract string Describe();

    public SourceLocation Location(string file) => new(file, Line, Column);
}
