using System.Threading.Tasks.Dataflow;
using DataPrep.Commit;
using DataPrep.IO;
using DataPrep.Reports.Profiling;

namespace DataPrep.Reports;

/// <summary>
/// The report of a dataset without a pipeline (<c>dataprep profile</c>, <c>dataprep init</c>):
/// one streaming read, batches profiled in parallel and merged in order (the same report at any parallelism).
/// </summary>
public static class DatasetProfiler
{
    /// <summary>Source options for a path by its extension (or, for a folder, the extension of the files in it).</summary>
    public static SourceOptions SourceFor(string path)
    {
        var probe = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(Path.GetExtension).FirstOrDefault(e => e is ".csv" or ".parquet" or ".arrow" or ".feather" or ".ipc") ?? ""
            : Path.GetExtension(path);
        return probe.ToLowerInvariant() switch
        {
            ".csv" => new SourceOptions { Csv = new CsvSourceOptions { Path = path } },
            ".parquet" => new SourceOptions { Parquet = new ParquetSourceOptions { Path = path } },
            ".arrow" or ".feather" or ".ipc" => new SourceOptions { Arrow = new ArrowSourceOptions { Path = path } },
            _ => throw new ArgumentException($"'{path}': cannot tell the format; give a .csv, .parquet or .arrow file, or a folder of them"),
        };
    }

    /// <summary>Profiles batches from code (a DataFrame, a stream); the batches are disposed once profiled unless <paramref name="keepBatches"/>.</summary>
    public static async Task<QualityReport> ProfileBatchesAsync(Apache.Arrow.Schema schema, IAsyncEnumerable<Apache.Arrow.RecordBatch> batches, string name,
        int parallelism = 0, TimeProvider? time = null, bool keepBatches = false, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        var pool = new OrderedTableProfiler(schema, new HashSet<string>());
        var profile = new ActionBlock<(Apache.Arrow.RecordBatch Batch, long Sequence)>(item =>
        {
            pool.Accumulate(item.Batch, item.Sequence);
            if (!keepBatches) item.Batch.Dispose();
        }, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = parallelism, BoundedCapacity = 2 * parallelism, CancellationToken = cancellationToken });
        long rows = 0, sequence = 0;
        try
        {
            await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                rows += batch.Length;
                if (!await profile.SendAsync((batch, sequence++), cancellationToken).ConfigureAwait(false)) break;
            }
        }
        finally { profile.Complete(); }
        await profile.Completion.ConfigureAwait(false);
        return Assemble(name, pool.Finish(), rows, 0, parallelism, 0, [], time.GetUtcNow(), time.GetElapsedTime(started));
    }

    public static async Task<QualityReport> ProfileAsync(SourceOptions options, string baseDirectory, string name, int parallelism = 0,
        TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();
        parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        var source = Formats.CreateSource(options, baseDirectory);
        var files = source.ResolveFiles();
        if (files.Count == 0) throw new FileNotFoundException($"no input files match '{options.Path}'");
        var schema = await source.ReadSchemaAsync(files[0], cancellationToken).ConfigureAwait(false);
        var pool = new OrderedTableProfiler(schema, new HashSet<string>());
        long rows = 0, bad = 0, sequence = 0;
        var profile = new ActionBlock<(Apache.Arrow.RecordBatch Batch, long Sequence)>(item =>
        {
            using (item.Batch) pool.Accumulate(item.Batch, item.Sequence);
        }, new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = parallelism, BoundedCapacity = 2 * parallelism, CancellationToken = cancellationToken });
        var request = new ReadRequest(null, 65_536, parallelism) { Expected = schema };
        var inputs = new List<InputSummary>();
        try
        {
            foreach (var file in files)
            {
                await foreach (var chunk in source.ReadAsync(file, request, cancellationToken).ConfigureAwait(false))
                {
                    rows += chunk.Batch.Length;
                    bad += chunk.BadRecords.Count;
                    if (!await profile.SendAsync((chunk.Batch, sequence++), cancellationToken).ConfigureAwait(false)) break;
                }
                inputs.Add(new InputSummary { Path = file, Bytes = new FileInfo(file).Length, Sha256 = await OutputRoot.Sha256Async(file, cancellationToken).ConfigureAwait(false) });
            }
        }
        finally
        {
            profile.Complete();
        }
        await profile.Completion.ConfigureAwait(false);
        return Assemble(name, pool.Finish(), rows, bad, parallelism, request.BatchSize, inputs, time.GetUtcNow(), time.GetElapsedTime(started));
    }

    private static QualityReport Assemble(string name, TableProfile table, long rows, long bad, int parallelism, int batchSize,
        IReadOnlyList<InputSummary> inputs, DateTimeOffset now, TimeSpan elapsed)
    {
        var total = rows + bad;
        return new QualityReport
        {
            Pipeline = name,
            CreatedUtc = now,
            Run = new RunMetadata
            {
                DataPrepVersion = ReportVersions.DataPrep,
                Runtime = ReportVersions.Runtime,
                Parallelism = parallelism,
                BatchSize = batchSize,
                Seconds = Math.Round(elapsed.TotalSeconds, 3),
                Inputs = inputs,
            },
            Metrics = new ReportMetrics
            {
                RowCount = rows,
                SourceRows = total,
                QuarantineRate = total == 0 ? 0 : (double)bad / total,
                DuplicateRate = rows == 0 ? 0 : Math.Max(0, (double)(rows - table.DistinctRowsEstimate) / rows),
            },
            Source = table,
            Steps = [new StepReport { Id = "source", Step = "source", RowsIn = total, RowsOut = rows, Quarantined = bad }],
        };
    }
}
