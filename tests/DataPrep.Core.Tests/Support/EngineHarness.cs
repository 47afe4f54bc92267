using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Tests.Support;

/// <summary>Writes small pipeline files, runs them over in-memory sources, and reads what they committed.</summary>
internal static class EngineHarness
{
    /// <param name="steps">The YAML of the steps list, one item per line, e.g. <c>- dedupe: { exclude: [id] }</c>.</param>
    public static string WritePipeline(TempDirectory dir, string steps, string extra = "")
    {
        var indented = string.Join("\n", steps.Split('\n').Select(l => "  " + l));
        var path = dir.Combine("pipeline.yaml");
        File.WriteAllText(path, $"""
            version: 1
            name: test
            seed: 7
            source: {"{"} parquet: "in/*.parquet" {"}"}
            steps:
            {indented}
            sink: {"{"} parquet: {"{"} path: out, row_group_size: 1000 {"}"} {"}"}
            {(extra.Contains("quarantine:") ? "" : "quarantine: { max_bad_fraction: 0.5 }")}
            {extra}
            """);
        return path;
    }

    public static Task<RunResult> RunAsync(string pipelinePath, IBatchSource source, int? parallelism = null, int? batchSize = null,
        StepRegistry? registry = null, CancellationToken cancellationToken = default) =>
        Pipeline.Load(pipelinePath, registry).RunAsync(new RunOptions { Source = source, Parallelism = parallelism, BatchSize = batchSize },
            null, cancellationToken);

    /// <summary>
    /// The problems a pipeline file has: option errors from loading it, else column errors from
    /// binding it to <paramref name="schema"/> (no rows are read).
    /// </summary>
    public static async Task<IReadOnlyList<DataPrep.Definition.Diagnostic>> DiagnosticsAsync(string pipelinePath, Schema schema)
    {
        var diagnostics = DataPrep.Definition.PipelineLoader.LoadFile(pipelinePath, StepRegistry.CreateDefault()).Diagnostics;
        return diagnostics.Count > 0 ? diagnostics
            : await Pipeline.Load(pipelinePath).ValidateAsync(new RunOptions { Source = new MemorySource(schema, () => []) });
    }

    public static string FileOf(RunResult result, string role) =>
        Path.Combine(result.Plan.OutputRoot, result.Manifest.Files.Single(f => f.Role == role).Path);

    /// <summary>All rows of a Parquet file as value lists, in order.</summary>
    public static async Task<(Schema Schema, List<object?[]> Rows)> ReadRowsAsync(string parquetFile)
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = parquetFile } }, "/");
        var schema = await source.ReadSchemaAsync(parquetFile, CancellationToken.None);
        var rows = new List<object?[]>();
        await foreach (var chunk in source.ReadAsync(parquetFile, new ReadRequest(null, 4096, 1), CancellationToken.None))
        {
            using var batch = chunk.Batch;
            for (var r = 0; r < batch.Length; r++)
                rows.Add(Enumerable.Range(0, batch.ColumnCount).Select(c => ArrowValues.Get(batch.Column(c), r)).ToArray());
        }
        return (schema, rows);
    }

    public static Manifest? Latest(string root) => OutputRoot.ReadLatest(root);
}
