using System.Diagnostics;
using Apache.Arrow;
using DataPrep.IO;

namespace DataPrep.Benchmarks.Profiling;

/// <summary>
/// DataPrep's Parquet path through the public IO API only: one column read into Arrow (the
/// source with a one-column projection), one Arrow column written (the sink), the scan and a
/// read-then-write copy in one process.
/// </summary>
internal static class DataPrepProbe
{
    /// <summary>Reads one column of the whole file (one batch per row group, one row group at a time).</summary>
    public static async Task<(TimeSpan Elapsed, List<RecordBatch> Batches)> ReadColumnAsync(string file, string column, CancellationToken ct)
    {
        var source = Source(file);
        var batches = new List<RecordBatch>();
        var clock = Stopwatch.StartNew();
        await foreach (var chunk in source.ReadAsync(file, new ReadRequest(new HashSet<string> { column }, int.MaxValue, 1), ct))
            batches.Add(chunk.Batch);
        return (clock.Elapsed, batches);
    }

    /// <summary>Writes the batches as a Parquet file to <paramref name="output"/> (sink defaults: Snappy, 1,048,576-row groups).</summary>
    public static async Task<TimeSpan> WriteAsync(IReadOnlyList<RecordBatch> batches, Stream output, ParquetCompression compression, CancellationToken ct)
    {
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = "profile.parquet", Compression = compression } });
        var clock = Stopwatch.StartNew();
        await using (var writer = sink.Create(output, batches[0].Schema))
        {
            foreach (var batch in batches) await writer.WriteAsync(batch, ct);
            await writer.FinishAsync(ct);
        }
        return clock.Elapsed;
    }

    /// <summary>The scan scenario: every column, 65,536-row batches, disposed as they come.</summary>
    public static async Task<(TimeSpan Elapsed, long Rows)> ScanAsync(string file, int parallelism, CancellationToken ct)
    {
        var source = Source(file);
        long rows = 0;
        var clock = Stopwatch.StartNew();
        await foreach (var chunk in source.ReadAsync(file, new ReadRequest(null, 65_536, parallelism), ct))
        {
            rows += chunk.Batch.Length;
            chunk.Batch.Dispose();
        }
        return (clock.Elapsed, rows);
    }

    /// <summary>What the CLI's copy does minus the pipeline: scan batches straight into the Parquet sink.</summary>
    public static async Task<(TimeSpan Elapsed, long Rows)> CopyAsync(string file, string output, int parallelism, CancellationToken ct)
    {
        var source = Source(file);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = output } });
        long rows = 0;
        var clock = Stopwatch.StartNew();
        await using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: false))
        {
            IBatchWriter? writer = null;
            try
            {
                await foreach (var chunk in source.ReadAsync(file, new ReadRequest(null, 65_536, parallelism), ct))
                {
                    writer ??= sink.Create(stream, chunk.Batch.Schema);
                    await writer.WriteAsync(chunk.Batch, ct);
                    rows += chunk.Batch.Length;
                    chunk.Batch.Dispose();
                }
                if (writer is not null) await writer.FinishAsync(ct);
            }
            finally
            {
                if (writer is not null) await writer.DisposeAsync();
            }
        }
        return (clock.Elapsed, rows);
    }

    private static IBatchSource Source(string file) =>
        Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, Path.GetDirectoryName(file)!);
}
