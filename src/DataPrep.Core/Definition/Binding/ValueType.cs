using System.Collections.Concurrent;

namespace DataPrep.Definition.Binding;

/// <summary>A bindable type: its kind, the element type of lists and dictionaries, and whether null is allowed.</summary>
internal sealed record ValueType(Type ClrType, ValueKind Kind, ValueType? Element, bool Nullable)
{
    private static readonly ConcurrentDictionary<(Type, bool), ValueType> Cache = new();

    public static ValueType Of(Type type, bool nullableReference = false) =>
        Cache.GetOrAdd((type, nullableReference), static k => Create(k.Item1, k.Item2));

    /// <summary>The type name users see in messages: "an integer", "a list of string".</summary>
    public string Describe() => Kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Bool => "a boolean (true or false)",
        ValueKind.Int32 or ValueKind.Int64 => "an integer",
        ValueKind.Double or ValueKind.Single => "a number",
        ValueKind.Enum => "one of " + string.Join(", ", EnumNames.Of(ClrType).Keys),
        ValueKind.List or ValueKind.Steps => "a list",
        ValueKind.Dictionary => "a mapping",
        _ => "a mapping (" + Naming.ToSnakeCase(ClrType.Name) + ")",
    };

    private static ValueType Create(Type type, bool nullableReference)
    {
        if (System.Nullable.GetUnderlyingType(type) is { } inner)
            return Of(inner) with { Nullable = true };
        if (type == typeof(string)) return new(type, ValueKind.String, null, nullableReference);
        if (type == typeof(bool)) return new(type, ValueKind.Bool, null, false);
        if (type == typeof(int)) return new(type, ValueKind.Int32, null, false);
        if (type == typeof(long)) return new(type, ValueKind.Int64, null, false);
        if (type == typeof(double)) return new(type, ValueKind.Double, null, false);
        if (type == typeof(float)) return new(type, ValueKind.Single, null, false);
        if (type.IsEnum) return new(type, ValueKind.Enum, null, false);
        if (type == typeof(List<StepDefinition>)) return new(type, ValueKind.Steps, null, nullableReference);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return new(type, ValueKind.List, Of(type.GetGenericArguments()[0]), nullableReference);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            && type.GetGenericArguments()[0] == typeof(string))
            return new(type, ValueKind.Dictionary, Of(type.GetGenericArguments()[1]), nullableReference);
        if (type.IsClass && type != typeof(object) && type.GetConstructor(Type.EmptyTypes) is not null)
            return new(type, ValueKind.Object, null, nullableReference);
        throw new NotSupportedException(
            $"options property type {type} is not supported; use string, bool, int, long, double, float, an enum, List<T>, Dictionary<string, T> or an options class");
    }
}
