using System.Globalization;
using DataPrep.Benchmarks.Harness;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>memory --rows 10M,20M</c>: the copy scenario on files of growing size, to show that a
/// streaming engine's peak memory does not grow with the row count.
/// </summary>
internal static class MemoryCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var sizes = args.Longs("rows", "10000000,20000000");
        var seed = (ulong)args.Long("seed", (long)GenerateCommand.DefaultSeed);
        var settings = BenchSettings.From(args, defaultRepeat: 1, defaultWarmup: 0, defaultWork: Path.Combine(Path.GetTempPath(), "dpbench"));
        var report = args.String("report");
        args.ThrowIfUnused();
        var loadAtStart = $"Load average (1/5/15 min) at the start: {MachineInfo.LoadAverage()}";

        var duck = new DuckDbPeer(settings.Threads);
        var runner = new Scenarios(settings, duck);
        var results = new List<ScenarioResult>();
        var dataLines = new List<string> { loadAtStart };
        foreach (var rows in sizes)
        {
            var data = Path.Combine(settings.WorkDirectory, $"ref-{rows}.parquet");
            await BenchRun.EnsureDataAsync(data, rows, seed, cancellationToken);
            var inputRows = duck.CountRows([data]);
            dataLines.Add(BenchRun.DataLine(data, inputRows));
            var label = string.Create(CultureInfo.InvariantCulture, $"copy @ {inputRows:N0}");
            Console.Error.WriteLine($"{label}:");
            results.Add(await runner.RunAsync("copy", data, inputRows, label, cancellationToken));
        }
        return await BenchRun.FinishAsync("DataPrep peak memory against row count (copy)", settings, duck, dataLines, results, report, cancellationToken);
    }
}
