namespace DataPrep.Definition.Binding;

/// <summary>How a property's value is written in YAML; decided once per type.</summary>
internal enum ValueKind
{
    String,
    Bool,
    Int32,
    Int64,
    Double,
    Single,
    Enum,
    List,
    Dictionary,
    Object,
    Steps,
}
