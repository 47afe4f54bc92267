using System.Diagnostics;
using System.Globalization;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>gc-profile (--pipeline FILE | --scan FILE.parquet) [--every 250] [--live]</c>: runs a pipeline (or the scan scenario) in this process and samples the
/// garbage collector while it runs: working set, committed bytes, the heap and its large-object part
/// after the last collection (what was live then), fragmentation, and bytes allocated so far. Shows
/// whether a run's peak memory is live data or garbage waiting for a collection. Run it with the
/// CLI's GC settings (<c>DOTNET_GCConserveMemory=9</c>) to see what the CLI sees.
/// </summary>
internal static class GcProfileCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var file = args.String("pipeline");
        var scan = args.String("scan");
        if ((file is null) == (scan is null)) throw new UsageException("gc-profile needs --pipeline FILE or --scan FILE.parquet");
        var every = TimeSpan.FromMilliseconds(args.Int("every", 250));
        // --live: a blocking full collection before each sample, so "heap after" is what is really live (slows the run).
        var forceLive = args.Flag("live");
        args.ThrowIfUnused();

        Console.WriteLine("| s | working set MiB | committed MiB | heap after last GC MiB | LOH after MiB | fragmented MiB | allocated GiB | gen2 GCs |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        double peakWorking = 0, peakLive = 0;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                if (forceLive) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                var (working, live) = Sample(clock.Elapsed);
                peakWorking = Math.Max(peakWorking, working);
                peakLive = Math.Max(peakLive, live);
            }
        }, CancellationToken.None);
        var rows = scan is not null
            ? (await Peers.DataPrepScan.RunAsync(Path.GetFullPath(scan), 2, cancellationToken)).Rows
            : (await Pipeline.Load(file!).RunAsync(new RunOptions(), null, cancellationToken)).Ledger.RowsWritten;
        await stop.CancelAsync();
        try { await sampler; } catch (OperationCanceledException) { }
        Sample(clock.Elapsed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows:N0} rows in {clock.Elapsed.TotalSeconds:F2} s; peak working set {peakWorking:F0} MiB, largest heap after a collection {peakLive:F0} MiB; " +
            $"process CPU {Environment.CpuUsage.TotalTime.TotalSeconds:F2} s, of which JIT compiling {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2} s ({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods)"));
        return 0;
    }

    private static (double Working, double Live) Sample(TimeSpan at)
    {
        const double MiB = 1 << 20;
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        var working = process.WorkingSet64 / MiB;
        var live = info.HeapSizeBytes / MiB;
        var loh = info.GenerationInfo.Length > 3 ? info.GenerationInfo[3].SizeAfterBytes / MiB : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {at.TotalSeconds:F2} | {working:F0} | {info.TotalCommittedBytes / MiB:F0} | {live:F0} | {loh:F0} | {info.FragmentedBytes / MiB:F0} | {GC.GetTotalAllocatedBytes() / (double)(1 << 30):F2} | {GC.CollectionCount(2)} |"));
        return (working, live);
    }
}
