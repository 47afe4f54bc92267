using System.Diagnostics;
using DataPrep.IO;

namespace DataPrep.Benchmarks.Peers;

/// <summary>The scan scenario through the library itself: every column, every batch, nothing else.</summary>
internal static class DataPrepScan
{
    public const int BatchSize = 65_536;

    public static async Task<(long Rows, TimeSpan Elapsed)> RunAsync(string file, int parallelism, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var source = Formats.CreateSource(new SourceOptions { Parquet = new() { Path = file } }, Path.GetDirectoryName(file)!);
        var request = new ReadRequest(Columns: null, BatchSize, parallelism);
        long rows = 0;
        foreach (var path in source.ResolveFiles())
        {
            await foreach (var chunk in source.ReadAsync(path, request, cancellationToken))
            {
                rows += chunk.Batch.Length;
                chunk.Batch.Dispose();
            }
        }
        return (rows, clock.Elapsed);
    }
}
