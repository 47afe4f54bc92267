using System.Diagnostics;
using System.Globalization;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>probe-dedupe --data FILE</c>: times every correct DuckDB dedupe formulation once (after one
/// warm-up of the file), to justify the one <see cref="DuckDbPeer.Dedupe"/> uses. The sum of the
/// kept ids shows they all keep the same rows.
/// </summary>
internal static class ProbeDedupeCommand
{
    public static int Run(CommandLine args)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("probe-dedupe needs --data FILE"));
        var threads = args.Int("threads", 2);
        var work = Path.GetFullPath(args.String("work", Path.Combine(Path.GetTempPath(), "dpbench")));
        args.ThrowIfUnused();
        Directory.CreateDirectory(work);

        using var duck = new DuckDbPeer(threads);
        duck.Scan(file);
        var output = Path.Combine(work, "probe-dedupe.parquet");
        foreach (var formulation in Enum.GetValues<DedupeFormulation>().Distinct())
        {
            File.Delete(output);
            var clock = Stopwatch.StartNew();
            duck.Dedupe(file, output, formulation);
            var seconds = clock.Elapsed.TotalSeconds;
            var (_, rows) = duck.Query($"SELECT count(*), sum(id) FROM read_parquet({DuckDbPeer.Literal(output)})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{formulation,-18} {seconds,7:F2} s  rows={rows[0][0]}  sum(id)={rows[0][1]}"));
        }
        File.Delete(output);
        return 0;
    }
}
