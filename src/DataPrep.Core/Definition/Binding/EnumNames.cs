using System.Collections.Concurrent;

namespace DataPrep.Definition.Binding;

/// <summary>snake_case member names of an enum, in declaration order.</summary>
internal static class EnumNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object>> Cache = new();

    public static IReadOnlyDictionary<string, object> Of(Type enumType) => Cache.GetOrAdd(enumType, static t =>
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var f in t.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static).OrderBy(f => f.MetadataToken))
            map[Naming.ToSnakeCase(f.Name)] = f.GetValue(null)!;
        return map;
    });

    public static string NameOf(object value) => Naming.ToSnakeCase(Enum.GetName(value.GetType(), value)
        ?? throw new ArgumentException($"{value} is not a named member of {value.GetType()}"));
}
