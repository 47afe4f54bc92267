namespace DataPrep.Definition;

/// <summary>
/// Marks an options class whose properties are alternatives: exactly one must be given
/// (<c>source: { parquet: {...} }</c>). The binder and the schema generator both honour it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OneOfAttribute : Attribute;
