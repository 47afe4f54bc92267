using System.Text.Encodings.Web;
using System.Text.Json;
using DataPrep.Definition.Schema;
using DataPrep.Steps;

namespace DataPrep.Definition;

/// <summary>
/// The JSON Schema (draft 2020-12) of pipeline files, generated from the option types and their
/// doc comments. The output is deterministic, so the checked-in <c>schemas/pipeline.schema.json</c>
/// can be compared byte for byte.
/// </summary>
public static class PipelineSchema
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Generate(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return new SchemaBuilder(registry).Build().ToJsonString(Json) + "\n";
    }

    /// <summary>Option properties and types reachable from the pipeline that have no doc-comment summary.</summary>
    internal static IReadOnlyCollection<string> FindUndocumented(StepRegistry registry)
    {
        var builder = new SchemaBuilder(registry);
        builder.Build();
        return builder.Undocumented;
    }
}
