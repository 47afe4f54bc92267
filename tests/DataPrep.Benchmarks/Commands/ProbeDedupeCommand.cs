using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>probe-dedupe --data FILE [--repeat 3]</c>: times every correct DuckDB dedupe formulation,
/// round-robin so that load from elsewhere hits them alike, to justify the one
/// <see cref="DuckDbPeer.Dedupe"/> uses. The sum of the kept ids shows they all keep the same rows.
/// </summary>
internal static class ProbeDedupeCommand
{
    public static int Run(CommandLine args)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("probe-dedupe needs --data FILE"));
        var threads = args.Int("threads", 2);
        var repeat = args.Int("repeat", 3);
        var work = Path.GetFullPath(args.String("work", Path.Combine(Path.GetTempPath(), "dpbench")));
        args.ThrowIfUnused();
        Directory.CreateDirectory(work);

        var duck = new DuckDbPeer(threads);
        duck.Scan(file);
        var output = Path.Combine(work, "probe-dedupe.parquet");
        var formulations = Enum.GetValues<DedupeFormulation>().Distinct().ToArray();
        var times = formulations.ToDictionary(f => f, _ => new List<double>());
        for (var round = 0; round < repeat; round++)
        {
            foreach (var formulation in formulations)
            {
                File.Delete(output);
                var clock = Stopwatch.StartNew();
                duck.Dedupe(file, output, formulation);
                times[formulation].Add(clock.Elapsed.TotalSeconds);
                var (_, rows) = duck.Query($"SELECT count(*), sum(id) FROM read_parquet({DuckDbPeer.Literal(output)})");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}: {formulation,-18} {times[formulation][^1],7:F2} s  rows={rows[0][0]}  sum(id)={rows[0][1]}"));
            }
        }
        foreach (var (formulation, t) in times.OrderBy(kv => kv.Value.Min()))
        {
            var sorted = t.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{formulation,-18} min {sorted[0],7:F2} s  median {sorted[sorted.Length / 2],7:F2} s"));
        }
        File.Delete(output);
        return 0;
    }
}
