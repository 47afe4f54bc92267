using DataPrep.Benchmarks.Harness;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>e2e</c>: every scenario on one reference file, DataPrep against DuckDB. <c>smoke</c> is the
/// same with CI-sized defaults (100k rows, one timed run).
/// </summary>
internal static class E2eCommand
{
    public static async Task<int> RunAsync(CommandLine args, bool smoke, CancellationToken cancellationToken)
    {
        var rows = args.Long("rows", smoke ? 100_000 : 10_000_000);
        var seed = (ulong)args.Long("seed", (long)GenerateCommand.DefaultSeed);
        var settings = BenchSettings.From(args, defaultRepeat: smoke ? 1 : 3, defaultWarmup: 1,
            defaultWork: Path.Combine(Path.GetTempPath(), smoke ? "dpbench-smoke" : "dpbench"));
        var data = Path.GetFullPath(args.String("data") ?? Path.Combine(settings.WorkDirectory, $"ref-{rows}.parquet"));
        var scenarios = args.List("scenarios", string.Join(',', Scenarios.Names));
        var report = args.String("report");
        args.ThrowIfUnused();
        var loadAtStart = $"Load average (1/5/15 min) at the start: {MachineInfo.LoadAverage()}";
        foreach (var s in scenarios.Except(Scenarios.Names)) throw new UsageException($"unknown scenario '{s}' (known: {string.Join(", ", Scenarios.Names)})");

        await BenchRun.EnsureDataAsync(data, rows, seed, cancellationToken);
        var duck = new DuckDbPeer(settings.Threads);
        var inputRows = duck.CountRows([data]);
        var runner = new Scenarios(settings, duck);
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            Console.Error.WriteLine($"{scenario}:");
            results.Add(await runner.RunAsync(scenario, data, inputRows, scenario, cancellationToken));
        }
        return await BenchRun.FinishAsync(smoke ? "DataPrep smoke benchmark" : "DataPrep end-to-end benchmark",
            settings, duck, [BenchRun.DataLine(data, inputRows), loadAtStart], results, report, cancellationToken);
    }
}
