using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace DataPrep.Definition.Binding;

/// <summary>One bindable property of an options class, with its YAML key and checks.</summary>
internal sealed class OptionsProperty
{
    public OptionsProperty(PropertyInfo property, NullabilityInfoContext nullability)
    {
        Property = property;
        Key = Naming.ToSnakeCase(property.Name);
        var nullableRef = !property.PropertyType.IsValueType
            && nullability.Create(property).WriteState == NullabilityState.Nullable;
        Type = ValueType.Of(property.PropertyType, nullableRef);
        Required = property.GetCustomAttribute<RequiredAttribute>() is not null;
        Range = property.GetCustomAttribute<RangeAttribute>();
        OtherChecks = property.GetCustomAttributes<ValidationAttribute>()
            .Where(a => a is not RequiredAttribute and not RangeAttribute).ToArray();
    }

    public PropertyInfo Property { get; }

    /// <summary>The snake_case YAML key.</summary>
    public string Key { get; }

    public ValueType Type { get; }

    public bool Required { get; }

    public RangeAttribute? Range { get; }

    /// <summary>Other data annotations, checked with <see cref="ValidationAttribute.IsValid(object?)"/>.</summary>
    public IReadOnlyList<ValidationAttribute> OtherChecks { get; }

    public object? GetValue(object target) => Property.GetValue(target);

    public void SetValue(object target, object? value) => Property.SetValue(target, value);

    /// <summary>The range as "min..max" bounds in doubles, or null.</summary>
    public (double Min, double Max)? Bounds => Range is null
        ? null
        : (Convert.ToDouble(Range.Minimum, System.Globalization.CultureInfo.InvariantCulture),
           Convert.ToDouble(Range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
}
