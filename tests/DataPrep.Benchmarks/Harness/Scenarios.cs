using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Generation;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Harness;

/// <summary>
/// The scenarios, each run for both engines interleaved (DataPrep, DuckDB, DataPrep, ...) so that
/// drift in the machine (page cache, thermal, neighbours) hits both alike. Every run's output row
/// count is checked outside the timed region.
/// </summary>
internal sealed class Scenarios(BenchSettings settings, DuckDbPeer duck)
{
    public static readonly string[] Names = ["scan", "copy", "dedupe", "reference"];

    private readonly DataPrepRunner? _dataPrep = settings.DataPrepCli is { } cli ? new(cli, settings.WorkDirectory) : null;

    public async Task<ScenarioResult> RunAsync(string scenario, string file, long inputRows, string label, CancellationToken cancellationToken)
    {
        var plan = Plan(scenario, file, inputRows);
        var result = new ScenarioResult(label, inputRows, plan.ExpectedRows);
        try
        {
            for (var i = -settings.Warmup; i < settings.Repeat; i++)
            {
                var timed = i >= 0;
                var pass = timed ? $"run {i + 1}/{settings.Repeat}" : "warm-up";
                if (_dataPrep is not null && !result.DataPrepFailed)
                    await MeasureAsync(result, "DataPrep", pass, timed, result.DataPrep, () => plan.DataPrep(cancellationToken), failed => result.DataPrepFailed = failed);
                if (settings.RunDuckDb && !result.DuckDbFailed)
                    await MeasureAsync(result, "DuckDB", pass, timed, result.DuckDb, () => Task.FromResult(plan.DuckDb()), failed => result.DuckDbFailed = failed);
            }
        }
        finally
        {
            // Both engines' last outputs are still there: compare them before they go.
            if (plan.Agreement is { } agreement && !result.DataPrepFailed && !result.DuckDbFailed && _dataPrep is not null && settings.RunDuckDb)
                result.Problems.AddRange(agreement());
            plan.Cleanup();
        }
        return result;
    }

    private static async Task MeasureAsync(ScenarioResult result, string engine, string pass, bool timed, Samples samples, Func<Task<RunResult>> run, Action<bool> fail)
    {
        RunResult r;
        try
        {
            // The run before left its output in the page cache, dirty: DuckDB does not fsync a COPY, so
            // the kernel wrote its gigabyte back during the next run and billed that run for it (DataPrep
            // alone: 8.1-8.8 s in 10 runs; right after DuckDB: 8.5-11.4 s). Each run starts clean.
            FileSystem.Sync();
            r = await run();
        }
        catch (Exception e) when (e is BenchmarkException or NotImplementedException or DuckDB.NET.Data.DuckDBException or IOException)
        {
            result.Problems.Add($"{engine} failed: {e.Message.Trim()}");
            Console.Error.WriteLine($"  {result.Label} {engine} {pass}: FAILED: {e.Message.Trim()}");
            fail(true);
            return;
        }
        var peak = r.PeakKiB is { } kib ? string.Create(CultureInfo.InvariantCulture, $", peak {kib / 1024.0:F0} MiB") : "";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {result.Label} {engine} {pass}: {r.Seconds:F2} s{peak}, {r.Rows:N0} rows"));
        if (r.Rows != result.ExpectedRows)
            result.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"{engine} {pass}: {r.Rows:N0} rows, expected {result.ExpectedRows:N0}"));
        if (timed) samples.Add(r);
    }

    private sealed record ScenarioPlan(long ExpectedRows, Func<CancellationToken, Task<RunResult>> DataPrep, Func<RunResult> DuckDb, Action Cleanup)
    {
        /// <summary>Where the two outputs disagree, checked after the timed runs.</summary>
        public Func<IReadOnlyList<string>>? Agreement { get; init; }
    }

    private ScenarioPlan Plan(string scenario, string file, long inputRows)
    {
        var outDir = Path.Combine(settings.WorkDirectory, "out");
        Directory.CreateDirectory(outDir);
        var sinkRoot = Path.Combine(outDir, scenario + "-dataprep");
        var duckOut = Path.Combine(outDir, scenario + "-duckdb.parquet");
        void Cleanup()
        {
            DataPrepRunner.DeleteDirectory(sinkRoot);
            File.Delete(duckOut);
        }

        return scenario switch
        {
            "scan" => new(inputRows,
                ct => DataPrepRunner.ScanAsync(file, settings.Threads, ct),
                () => InProcess(() => duck.Scan(file)),
                Cleanup),
            "copy" => new(inputRows,
                ct => PipelineAsync("bench-copy", "[]", ct),
                () => InProcessWrite(() => duck.Copy(file, duckOut)),
                Cleanup),
            "dedupe" => new(inputRows - DatasetLayout.DuplicatesFor(inputRows),
                ct => PipelineAsync("bench-dedupe", "[ { dedupe: { exclude: [id], keep: first } } ]", ct),
                () => InProcessWrite(() => duck.Dedupe(file, duckOut)),
                Cleanup),
            // The cleaning reference workload (issue 3): exact dedupe, impute, z-score; DuckDB runs the same as one query.
            "reference" => new(inputRows - DatasetLayout.DuplicatesFor(inputRows),
                ct => PipelineAsync("bench-reference", ReferenceSteps, ct),
                () => InProcessWrite(() => duck.Reference(file, duckOut)),
                Cleanup)
            {
                Agreement = () => duck.ReferenceDisagreements(DataPrepRunner.OutputFiles(sinkRoot), duckOut),
            },
            _ => throw new UsageException($"unknown scenario '{scenario}' (known: {string.Join(", ", Names)})"),
        };

        async Task<RunResult> PipelineAsync(string name, string steps, CancellationToken ct)
        {
            var run = await _dataPrep!.RunPipelineAsync(name, file, sinkRoot, steps, ct);
            return run with { Rows = duck.CountRows(DataPrepRunner.OutputFiles(sinkRoot)) };
        }

        RunResult InProcessWrite(Action write)
        {
            File.Delete(duckOut);
            var run = InProcess(() => { write(); return 0; });
            return run with { Rows = duck.CountRows([duckOut]) };
        }
    }

    /// <summary>The DataPrep side of <see cref="DuckDbPeer.ReferenceQuery"/>: the same steps, in the same order.</summary>
    internal const string ReferenceSteps = "[ { dedupe: { exclude: [id], keep: first } }, "
        + "{ impute: { columns: { f1: mean, f2: mean, f3: mean, f4: mean, f5: mean, f6: mean, cat1: mode, cat2: mode } } }, "
        + "{ normalize: { columns: { f1: zscore, f2: zscore, f3: zscore, f4: zscore, f5: zscore, f6: zscore } } } ]";

    /// <summary>
    /// Times an in-process DuckDB query. Its peak is this process's high-water mark, reset just
    /// before: DuckDB's memory plus the harness's own (a .NET runtime, some tens of MiB).
    /// </summary>
    private static RunResult InProcess(Func<long> query)
    {
        var reset = PeakMemory.ResetSelf();
        var clock = Stopwatch.StartNew();
        var rows = query();
        var seconds = clock.Elapsed.TotalSeconds;
        return new RunResult(seconds, reset ? PeakMemory.Self() : null, rows);
    }
}
