namespace DataPrep.Definition.Yaml;

/// <summary>A scalar. Quoted and block scalars are always strings; plain ones may be null, bool or numbers.</summary>
internal sealed class YamlScalar(string value, bool quoted, int line, int column) : YamlNode(line, column)
{
    public string Value { get; } = value;

    /// <summary>True for quoted, literal and folded scalars and for <c>!!str</c>: never null, bool or a number.</summary>
    public bool Quoted { get; } = quoted;

    /// <summary>YAML 1.2 core schema null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override int Count => 1;

    public override int Height => 0;

    public override string Describe() => IsNull ? "null" : $"'{Value}'";
}
