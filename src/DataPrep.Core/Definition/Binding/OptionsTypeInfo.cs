using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace DataPrep.Definition.Binding;

/// <summary>
/// What the binder, the writer and the schema generator know about an options class: its settable
/// properties in declaration order and the <see cref="OneOfAttribute"/> / <see cref="ScalarFormAttribute"/> markers.
/// </summary>
internal sealed class OptionsTypeInfo
{
    private static readonly ConcurrentDictionary<Type, OptionsTypeInfo> Cache = new();

    private readonly Dictionary<string, OptionsProperty> _byKey;

    private OptionsTypeInfo(Type type)
    {
        Type = type;
        var nullability = new NullabilityInfoContext();
        Properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0)
            .Where(p => p.PropertyType != typeof(SourceMap) && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new OptionsProperty(p, nullability))
            .ToArray();
        _byKey = Properties.ToDictionary(p => p.Key, StringComparer.Ordinal);
        IsOneOf = type.GetCustomAttribute<OneOfAttribute>() is not null;
        if (type.GetCustomAttribute<ScalarFormAttribute>() is { } sf)
        {
            ScalarForm = Properties.FirstOrDefault(p => p.Property.Name == sf.Property)
                ?? throw new InvalidOperationException($"[ScalarForm(\"{sf.Property}\")] on {type} names no settable property");
        }
    }

    public static OptionsTypeInfo Of(Type type) => Cache.GetOrAdd(type, static t => new OptionsTypeInfo(t));

    public Type Type { get; }

    public IReadOnlyList<OptionsProperty> Properties { get; }

    public bool IsOneOf { get; }

    /// <summary>The property a bare scalar binds to, or null.</summary>
    public OptionsProperty? ScalarForm { get; }

    public IEnumerable<string> Keys => Properties.Select(p => p.Key);

    public OptionsProperty? Find(string key) => _byKey.GetValueOrDefault(key);

    public object CreateInstance() => Activator.CreateInstance(Type)!;
}
