using Apache.Arrow;
using DataPrep.Images;
using DataPrep.Execution;
using DataPrep.IO;

namespace DataPrep.Tests.Support;

/// <summary>Runs a pipeline with the image steps registered and reads its outputs back.</summary>
internal sealed class ImagePipeline : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("dataprep-images-").FullName;

    public string Images => Path.Combine(Root, "images");

    /// <summary>The steps the pipelines load with (default: built-in + image steps as the CLI has them).</summary>
    public DataPrep.Steps.StepRegistry Registry { get; init; } = ImageSteps.CreateRegistry();

    public void Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Images, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    public Task<RunResult> RunAsync(string steps, int batchSize = 64, int parallelism = 2, string sinkName = "out") =>
        RunAsync(steps, $"parquet: {{ path: {sinkName} }}", batchSize, parallelism, sinkName);

    /// <param name="sink">The sink's YAML body, e.g. <c>image_folder: { path: out }</c>.</param>
    public async Task<RunResult> RunAsync(string steps, string sink, int batchSize, int parallelism, string sinkName)
    {
        var yaml = $$"""
            version: 1
            name: images-test
            seed: 7
            source:
              images: { path: images }
            steps:
            {{steps}}
            sink:
              {{sink}}
            quarantine:
              max_bad_fraction: 1
            """;
        var file = Path.Combine(Root, $"{sinkName}.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var pipeline = Pipeline.Load(file, Registry);
        return await pipeline.RunAsync(new RunOptions { BatchSize = batchSize, Parallelism = parallelism });
    }

    public static string FileOf(RunResult result, string role) =>
        Path.Combine(result.Plan.OutputRoot, result.Manifest.Files.Single(f => f.Role == role).Path);

    /// <summary>Every row of a Parquet output as column name → value (string, byte[], long, ulong or null).</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(string parquet)
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = parquet } }, "/");
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var chunk in source.ReadAsync(parquet, new ReadRequest(null, 4096, 1), CancellationToken.None))
        {
            using var batch = chunk.Batch;
            for (var r = 0; r < batch.Length; r++)
            {
                var row = new Dictionary<string, object?>();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    row[batch.Schema.GetFieldByIndex(c).Name] = batch.Column(c) switch
                    {
                        StringArray s => s.GetString(r),
                        BinaryArray b => b.IsNull(r) ? null : b.GetBytes(r).ToArray(),
                        Int64Array i => i.GetValue(r),
                        UInt64Array u => u.GetValue(r),
                        _ => null,
                    };
                }
                rows.Add(row);
            }
        }
        return rows;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
