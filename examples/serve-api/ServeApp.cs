using System.Text.Json;
using DataPrep.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ServeApi;

/// <summary>
/// The app: <c>POST /transform</c> takes a JSON array of records in the training input's columns and
/// answers <c>{ "records": [...], "rejected": [{ "index", "step", "code", "message" }] }</c>.
/// Configuration: <c>DataPrep:Pipeline</c> (the training pipeline file) and <c>DataPrep:FitArtifact</c>
/// (the statistics its batch run saved with <c>--save-fit</c>); the training data is not needed.
/// </summary>
public static class ServeApp
{
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddDataPrep();
        var pipelinePath = builder.Configuration["DataPrep:Pipeline"]
            ?? throw new InvalidOperationException("set DataPrep:Pipeline to the training pipeline file (e.g. --DataPrep:Pipeline=examples/serve-api/penguins-features.yaml)");
        var fitPath = builder.Configuration["DataPrep:FitArtifact"]
            ?? throw new InvalidOperationException("set DataPrep:FitArtifact to the fit artifact the batch run saved " +
                "(dataprep run PIPELINE --save-fit FILE, then --DataPrep:FitArtifact=FILE)");

        var app = builder.Build();
        var registry = app.Services.GetRequiredService<PipelineFactory>().Registry;
        var transformer = FittedPipelineTransformer.Load(pipelinePath, fitPath, registry);
        app.Logger.LogInformation("Serving {Pipeline} with the fit {Fit}: {Inputs} input column(s), {Outputs} output column(s)",
            pipelinePath, fitPath, transformer.InputSchema.FieldsList.Count, transformer.OutputSchema.FieldsList.Count);
        foreach (var skipped in transformer.SkippedSteps) app.Logger.LogWarning("Not applied per request: {Step}", skipped);
        Map(app, transformer);
        return Task.FromResult(app);
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
