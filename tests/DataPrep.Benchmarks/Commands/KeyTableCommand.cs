using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using DataPrep.Benchmarks.Harness;
using DataPrep.Steps.Dedupe;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>key-table [--keys 10000000] [--batch 65536] [--threads 1,2] [--repeat 3]</c>: keep-first dedupe's
/// seen-keys table alone. 128-bit hashes of the key numbers (3 % of them repeat an earlier key, as in
/// the reference data) are added a batch at a time, as the dedupe step adds them: <see cref="KeyTable"/>
/// at each thread count against a <c>Dictionary&lt;UInt128, long&gt;</c> (the table it replaced).
/// Prints wall-time and process CPU-time medians (CPU time is the steadier on a shared machine) and the bytes each holds at the end (the Dictionary: its capacity times
/// 48-byte entries plus 4-byte buckets; the KeyTable: its slot arrays); both must find the same repeats.
/// </summary>
internal static class KeyTableCommand
{
    public static int Run(CommandLine args)
    {
        var count = (int)args.Long("keys", 10_000_000);
        var batch = args.Int("batch", 65_536);
        var threads = args.Longs("threads", "1,2").Select(t => (int)t).ToArray();
        var repeat = args.Int("repeat", 3);
        args.ThrowIfUnused();

        var random = new Random(1);
        var keys = new UInt128[count];
        for (var i = 0; i < count; i++)
            keys[i] = XxHash128.HashToUInt128(BitConverter.GetBytes(i > 100 && random.Next(100) < 3 ? random.Next(i) : i));
        var values = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        var expected = -1L;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count:N0} keys in batches of {batch:N0}; {Environment.ProcessorCount} cores"));
        Console.WriteLine("| table | threads | median s | CPU s | keys/s | held MiB | runs (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");

        Report("Dictionary<UInt128, long>", 1, Measure(() =>
        {
            var table = new Dictionary<UInt128, long>();
            long repeats = 0;
            for (var i = 0; i < count; i++)
            {
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(table, keys[i], out var exists);
                if (exists) repeats++; else first = values[i];
            }
            return (table.EnsureCapacity(0) * 52L, repeats);
        }));
        foreach (var t in threads)
        {
            Report("KeyTable", t, Measure(() =>
            {
                var table = new KeyTable();
                long repeats = 0;
                for (var start = 0; start < count; start += batch)
                {
                    var n = Math.Min(batch, count - start);
                    var slice = keys.AsSpan(start, n).ToArray(); // the step gets one array per batch
                    var ids = values.AsSpan(start, n).ToArray();
                    var first = new long[n];
                    table.AddFirst(slice, ids, first, t);
                    foreach (var f in first) if (f >= 0) repeats++;
                }
                return (table.Bytes, repeats);
            }));
        }
        return 0;

        (List<double> Seconds, List<double> Cpu, double HeldMiB) Measure(Func<(long Bytes, long Repeats)> run)
        {
            var seconds = new List<double>();
            var cpu = new List<double>();
            double held = 0;
            using var process = Process.GetCurrentProcess();
            for (var r = 0; r < repeat; r++)
            {
                GC.Collect();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var (bytes, repeats) = run();
                seconds.Add(clock.Elapsed.TotalSeconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
                held = bytes / 1048576.0;
                if (expected < 0) expected = repeats;
                else if (repeats != expected) throw new InvalidOperationException($"{repeats} repeats found, {expected} expected");
            }
            return (seconds, cpu, held);
        }

        void Report(string name, int t, (List<double> Seconds, List<double> Cpu, double HeldMiB) m)
        {
            var median = Medians.Of(m.Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {t} | {median:F2} | {Medians.Of(m.Cpu):F2} | {count / median:N0} | {m.HeldMiB:F0} | {string.Join(" ", m.Seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} |"));
        }
    }
}
