using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using DataPrep.Benchmarks.Harness;
using DataPrep.Benchmarks.Profiling;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Dedupe;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>near-dedupe --data FILE</c>: throughput of the near-duplicate dedupe step on the reference
/// file's <c>txt</c> column, in MB of text (UTF-8) per second per core. The column is read into
/// memory first (not timed); then, per thread count and repeat, the step runs as the engine runs
/// it: accumulate (normalize, shingle, MinHash, band keys) per batch in parallel, merge in order,
/// fit (LSH buckets, exact Jaccard, union-find), apply per batch in parallel. Medians are printed.
/// </summary>
internal static class NearDedupeCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("near-dedupe needs --data FILE"));
        var column = args.String("column", "txt");
        var repeat = args.Int("repeat", 3);
        var threads = args.Longs("threads", $"1,{Environment.ProcessorCount}").Select(t => (int)t).Distinct().ToArray();
        var batchRows = args.Int("batch", 65_536);
        var limit = args.Long("limit", long.MaxValue);
        var near = new NearDuplicateOptions
        {
            Column = column,
            Shingle = args.String("shingle", "char") == "word" ? ShingleKind.Word : ShingleKind.Char,
            N = args.Int("n", 5),
            Bands = args.Int("bands", 24),
            Rows = args.Int("rows", 7),
            Verify = !args.Flag("no-verify"),
        };
        args.ThrowIfUnused();

        var (readTime, groups) = await DataPrepProbe.ReadColumnAsync(file, column, ct);
        var batches = Rebatch(groups, batchRows, limit);
        var ids = new List<RowId[]>();
        long start = 0, bytes = 0;
        foreach (var b in batches)
        {
            ids.Add(Enumerable.Range(0, b.Length).Select(i => new RowId(0, start + i)).ToArray());
            start += b.Length;
            var text = (StringArray)b.Column(0);
            for (var i = 0; i < text.Length; i++) bytes += text.GetBytes(i).Length;
        }
        var mb = bytes / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {start:N0} rows, {mb:F1} MB of '{column}' text (read in {readTime.TotalSeconds:F2} s, not timed); {batches.Count} batches of {batchRows:N0}; " +
            $"{near.Shingle.ToString().ToLowerInvariant()} {near.N}-grams, {near.Bands} bands x {near.Rows} rows, verify {near.Verify}; {Environment.ProcessorCount} cores"));
        Console.WriteLine();
        Console.WriteLine("| threads | signatures s | clusters s | apply s | total s | MB/s | MB/s per core | CPU s | MB per CPU-s | clusters | dropped |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in threads)
        {
            var runs = Enumerable.Range(0, repeat).Select(_ => Once(near, batches, ids, t)).ToList();
            var total = Medians.Of(runs.Select(r => r.Total));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {t} | {Medians.Of(runs.Select(r => r.Signatures)):F2} | {Medians.Of(runs.Select(r => r.Fit)):F2} | {Medians.Of(runs.Select(r => r.Apply)):F2} | {total:F2} | " +
                $"{mb / total:F1} | {mb / total / t:F1} | {Medians.Of(runs.Select(r => r.Cpu)):F2} | {mb / Medians.Of(runs.Select(r => r.Cpu)):F1} | {runs[0].Clusters:N0} | {runs[0].Dropped:N0} |"));
        }
        foreach (var b in batches) b.Dispose();
        foreach (var g in groups) g.Dispose();
        return 0;
    }

    private static (double Signatures, double Fit, double Apply, double Total, double Cpu, long Clusters, long Dropped) Once(
        NearDuplicateOptions near, IReadOnlyList<RecordBatch> batches, IReadOnlyList<RowId[]> ids, int threads)
    {
        var step = new NearDuplicateStep(new DedupeOptions { Near = near }, "near");
        step.Bind(batches[0].Schema, new BindContext());
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var statistics = new IStatistics[batches.Count];
        Parallel.For(0, batches.Count, parallel, i =>
        {
            statistics[i] = step.CreateStatistics();
            step.Accumulate(statistics[i], batches[i], new BatchContext(batches[i], ids[i], 1));
        });
        var merged = step.CreateStatistics();
        foreach (var s in statistics) merged.Merge(s);
        var signatures = clock.Elapsed.TotalSeconds;
        step.Fit(merged, threads);
        var fit = clock.Elapsed.TotalSeconds - signatures;
        Console.Error.WriteLine($"  fit work (buckets of 2+, largest bucket, exact comparisons): {NearClusters.LastWork}");
        long clusters = 0, dropped = 0;
        Parallel.For(0, batches.Count, parallel, i =>
        {
            var context = new BatchContext(batches[i], ids[i], 1);
            step.Apply(batches[i], context);
            Interlocked.Add(ref clusters, context.Counters?.GetValueOrDefault("near_duplicate.clusters") ?? 0);
            Interlocked.Add(ref dropped, context.Dispositions.Count);
        });
        var total = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return (signatures, fit, total - signatures - fit, total, cpuSeconds, clusters, dropped);
    }

    private static List<RecordBatch> Rebatch(IReadOnlyList<RecordBatch> groups, int rows, long limit)
    {
        var batches = new List<RecordBatch>();
        var taken = 0L;
        foreach (var g in groups)
        {
            for (var offset = 0; offset < g.Length && taken < limit; offset += rows)
            {
                var length = (int)Math.Min(Math.Min(rows, g.Length - offset), limit - taken);
                taken += length;
                batches.Add(new RecordBatch(g.Schema, [ArrowArrayFactory.Slice(g.Column(0), offset, length)], length));
            }
        }
        return batches;
    }
}
