using System.Text.Json;
using DataPrep.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ServeApi;

/// <summary>
/// The app: <c>POST /transform</c> takes a JSON array of records in the training input's columns and
/// answers <c>{ "records": [...], "rejected": [{ "index", "step", "code", "message" }] }</c>.
/// Configuration: <c>DataPrep:Pipeline</c> (the training pipeline file) and, once the fitted
/// pipeline lands, <c>DataPrep:FitArtifact</c>.
/// </summary>
public static class ServeApp
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddDataPrep();
        var pipelinePath = builder.Configuration["DataPrep:Pipeline"]
            ?? throw new InvalidOperationException("set DataPrep:Pipeline to the training pipeline file (e.g. --DataPrep:Pipeline=examples/serve-api/penguins-features.yaml)");

        var app = builder.Build();
        var registry = app.Services.GetRequiredService<PipelineFactory>().Registry;
        var transformer = await PipelineTransformer.CreateAsync(pipelinePath, app.Configuration["DataPrep:FitArtifact"], registry, CancellationToken.None);
        app.Logger.LogInformation("Serving {Pipeline}: {Inputs} input column(s), {Outputs} output column(s)",
            pipelinePath, transformer.InputSchema.FieldsList.Count, transformer.OutputSchema.FieldsList.Count);
        Map(app, transformer);
        return app;
    }

    private static void Map(WebApplication app, IRecordTransformer transformer)
    {
        app.MapGet("/schema", () => new
        {
            input = transformer.InputSchema.FieldsList.Select(f => new { name = f.Name, type = f.DataType.Name }),
            output = transformer.OutputSchema.FieldsList.Select(f => new { name = f.Name, type = f.DataType.Name }),
        });

        app.MapPost("/transform", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (JsonElement body, CancellationToken ct) =>
        {
            Apache.Arrow.RecordBatch records;
            try { records = RecordJson.ToBatch(body, transformer.InputSchema); }
            catch (FormatException e) { return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest); }
            using (records)
            using (var result = await transformer.TransformAsync(records, ct))
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("records");
                    RecordJson.WriteRows(writer, result.Batches);
                    writer.WriteStartArray("rejected");
                    foreach (var r in result.Rejected)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("index", r.Row);
                        writer.WriteString("step", r.StepId);
                        writer.WriteString("code", r.Code);
                        writer.WriteString("message", r.Message);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                return TypedResults.File(buffer.WrittenMemory.ToArray(), "application/json");
            }
        });
    }
}
