using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using DataPrep.Definition.Schema;

namespace DataPrep.Reports;

/// <summary>The report's JSON form (snake_case) and its JSON Schema, generated from the report types.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NewLine = "\n",
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    public static string Serialize(QualityReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    public static QualityReport Deserialize(string json) =>
        JsonSerializer.Deserialize<QualityReport>(json, Options) ?? throw new InvalidDataException("the report file is empty");

    public static JsonNode ToNode(QualityReport report) => JsonSerializer.SerializeToNode(report, Options)!;

    /// <summary>The JSON Schema of <see cref="QualityReport"/>, with the doc comments as descriptions; deterministic.</summary>
    public static string Schema()
    {
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                var description = context.PropertyInfo?.AttributeProvider is System.Reflection.PropertyInfo p
                    ? XmlDocs.Summary(p)
                    : context.PropertyInfo is null ? XmlDocs.Summary(context.TypeInfo.Type) : null;
                // A free-form property (JsonNode) exports as the schema `true`; give it an object to carry its description.
                if (node is JsonValue v && v.GetValueKind() == JsonValueKind.True && description is not null) return new JsonObject { ["description"] = description };
                if (node is not JsonObject obj) return node;
                if (description is not null) obj.Insert(0, "description", description);
                return obj;
            },
        };
        var schema = (JsonObject)Options.GetJsonSchemaAsNode(typeof(QualityReport), exporter);
        schema.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.Insert(1, "$id", "https://dataprep.dev/schemas/quality-report.schema.json");
        schema.Insert(2, "title", "DataPrep quality report");
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
