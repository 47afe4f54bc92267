using System.Globalization;
using System.Text.Json.Nodes;
using DataPrep.Definition.Binding;
using DataPrep.Steps;
using ValueType = DataPrep.Definition.Binding.ValueType;

namespace DataPrep.Definition.Schema;

/// <summary>
/// Builds the pipeline file's JSON Schema from the option types with the binder's own model
/// (<see cref="OptionsTypeInfo"/>), so the schema cannot disagree with what loads.
/// Every options class becomes one entry of <c>$defs</c>, named after the class.
/// </summary>
internal sealed class SchemaBuilder(StepRegistry registry)
{
    private const string StepDef = "step";
    private const string StepIdDef = "step_id";

    private readonly SortedDictionary<string, JsonNode> _defs = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _names = [];
    private readonly SortedSet<string> _undocumented = new(StringComparer.Ordinal);

    /// <summary>Properties and step types without a doc-comment summary, as <c>Type.Property</c>.</summary>
    public IReadOnlyCollection<string> Undocumented => _undocumented;

    public JsonObject Build()
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "DataPrep pipeline",
        };
        foreach (var (key, value) in ObjectSchema(OptionsTypeInfo.Of(typeof(PipelineDefinition)), isRoot: true))
            root[key] = value?.DeepClone();
        var defs = new JsonObject();
        foreach (var (name, def) in _defs) defs[name] = def;
        root["$defs"] = defs;
        return root;
    }

    private JsonObject ObjectSchema(OptionsTypeInfo info, bool isRoot)
    {
        var schema = new JsonObject();
        if (Describe(info.Type) is { } description) schema["description"] = description;
        var body = new JsonObject { ["type"] = "object", ["additionalProperties"] = false };
        var properties = new JsonObject();
        if (isRoot)
            properties["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "The JSON Schema of this file, for editors." };
        var defaults = info.CreateInstance();
        foreach (var p in info.Properties) properties[p.Key] = PropertySchema(p, defaults);
        body["properties"] = properties;
        var required = info.Properties.Where(p => p.Required).Select(p => (JsonNode)p.Key).ToArray();
        if (required.Length > 0) body["required"] = new JsonArray(required);
        if (info.IsOneOf)
            body["oneOf"] = new JsonArray(info.Properties.Select(p => (JsonNode)new JsonObject { ["required"] = new JsonArray(p.Key) }).ToArray());
        if (info.ScalarForm is { } shorthand)
        {
            var scalar = new JsonObject { ["type"] = "string", ["description"] = $"Shorthand for {{ {shorthand.Key}: <value> }}." };
            schema["oneOf"] = new JsonArray(scalar, body);
            return schema;
        }
        foreach (var (key, value) in body) schema[key] = value?.DeepClone();
        return schema;
    }

    private JsonObject PropertySchema(OptionsProperty p, object defaults)
    {
        var schema = ValueSchema(p.Type);
        var description = XmlDocs.Summary(p.Property);
        if (string.IsNullOrEmpty(description)) _undocumented.Add($"{p.Property.DeclaringType!.Name}.{p.Property.Name}");
        else schema["description"] = description;
        if (p.Range is { } range)
        {
            schema["minimum"] = Number(range.Minimum);
            schema["maximum"] = Number(range.Maximum);
        }
        if (p.Required && p.Type.Kind == ValueKind.String) schema["minLength"] = 1;
        if (!p.Required && p.Type.Kind is not (ValueKind.Object or ValueKind.List or ValueKind.Dictionary or ValueKind.Steps)
            && p.GetValue(defaults) is { } value)
        {
            schema["default"] = value switch
            {
                Enum e => EnumNames.NameOf(e),
                string s => s,
                bool b => b,
                _ => Number(value),
            };
        }
        return schema;
    }

    private JsonObject ValueSchema(ValueType t)
    {
        JsonObject schema = t.Kind switch
        {
            ValueKind.String => Typed("string", t.Nullable),
            ValueKind.Bool => Typed("boolean", t.Nullable),
            ValueKind.Int32 or ValueKind.Int64 => Typed("integer", t.Nullable),
            ValueKind.Double or ValueKind.Single => Typed("number", t.Nullable),
            ValueKind.Enum => Enum(t),
            ValueKind.List => new JsonObject { ["type"] = "array", ["items"] = ValueSchema(t.Element!) },
            ValueKind.Dictionary => new JsonObject { ["type"] = "object", ["additionalProperties"] = ValueSchema(t.Element!) },
            ValueKind.Steps => Steps(),
            _ => Ref(t.ClrType),
        };
        return schema;
    }

    private static JsonObject Typed(string type, bool nullable) =>
        new() { ["type"] = nullable ? new JsonArray(type, "null") : type };

    private static JsonObject Enum(ValueType t)
    {
        var names = EnumNames.Of(t.ClrType).Keys.Select(n => (JsonNode?)n).ToList();
        if (t.Nullable) names.Add(null);
        return new JsonObject { ["type"] = t.Nullable ? new JsonArray("string", "null") : "string", ["enum"] = new JsonArray(names.ToArray()) };
    }

    private JsonObject Ref(Type type)
    {
        if (!_names.TryGetValue(type, out var name))
        {
            name = _names.ContainsValue(type.Name) ? type.FullName!.Replace('.', '_').Replace('+', '_') : type.Name;
            _names[type] = name;
            _defs[name] = new JsonObject(); // placeholder first: a type may refer to itself
            _defs[name] = ObjectSchema(OptionsTypeInfo.Of(type), isRoot: false);
        }
        return new JsonObject { ["$ref"] = "#/$defs/" + name };
    }

    private JsonObject Steps()
    {
        var items = new List<JsonNode>();
        foreach (var step in registry.All)
        {
            var options = Ref(step.OptionsType);
            var described = Describe(step.OptionsType);
            var value = new JsonObject { ["anyOf"] = new JsonArray(options, new JsonObject { ["type"] = "null" }) };
            if (described is not null) value["description"] = described;
            items.Add(new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray(step.Name),
                ["properties"] = new JsonObject { [step.Name] = value, ["id"] = new JsonObject { ["$ref"] = "#/$defs/" + StepIdDef } },
            });
        }
        _defs[StepIdDef] = new JsonObject
        {
            ["description"] = "Unique id of the step in this pipeline; defaults to the step name, then name_2, name_3 for repeats.",
            ["type"] = "string",
            ["pattern"] = "^[A-Za-z0-9_-]+$",
        };
        // An empty registry allows no steps; "oneOf": [] is not a valid schema.
        _defs[StepDef] = items.Count == 0
            ? new JsonObject { ["description"] = "No steps are registered.", ["not"] = new JsonObject() }
            : new JsonObject { ["description"] = "One step: exactly one step-name key, plus an optional id.", ["oneOf"] = new JsonArray(items.ToArray()) };
        return new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/$defs/" + StepDef } };
    }

    private string? Describe(Type type)
    {
        var summary = XmlDocs.Summary(type);
        if (string.IsNullOrEmpty(summary)) _undocumented.Add(type.Name);
        return string.IsNullOrEmpty(summary) ? null : summary;
    }

    private static JsonNode Number(object value) => value switch
    {
        int i => i,
        long l => l,
        float f => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
