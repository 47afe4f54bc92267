using Apache.Arrow;
using DataPrep.Commit;
using DataPrep.Data;

namespace DataPrep.Tests.Support;

/// <summary>Runs a steps list over batches in memory and returns the committed rows by column name.</summary>
internal static class TableRun
{
    public sealed record Output(List<Dictionary<string, object?>> Rows, Manifest Manifest, string Root)
    {
        public List<object?[]> Records(string role) => EngineHarness.ReadRowsAsync(Path.Combine(Root, Manifest.Files.Single(f => f.Role == role).Path)).GetAwaiter().GetResult().Rows;
    }

    public static async Task<Output> RunAsync(TempDirectory dir, string steps, Schema schema, Func<IEnumerable<RecordBatch>> batches,
        int? parallelism = null, int? batchSize = null)
    {
        var result = await EngineHarness.RunAsync(EngineHarness.WritePipeline(dir, steps), new MemorySource(schema, batches), parallelism, batchSize);
        var (read, rows) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "data"));
        var names = read.FieldsList.Select(f => f.Name).ToArray();
        return new Output(rows.Select(r => names.Select((n, i) => (n, r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList(), result.Manifest, result.Plan.OutputRoot);
    }

    /// <summary>The rows of generated batches, by column name.</summary>
    public static List<Dictionary<string, object?>> Rows(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var batch in batches)
        {
            using (batch)
            {
                for (var r = 0; r < batch.Length; r++)
                    rows.Add(batch.Schema.FieldsList.Select((f, c) => (f.Name, ArrowValues.Get(batch.Column(c), r))).ToDictionary(p => p.Name, p => p.Item2));
            }
        }
        return rows;
    }
}
