namespace DataPrep.Benchmarks.Harness;

/// <summary>How a benchmark run is done; shared by the e2e, smoke and memory commands.</summary>
/// <param name="Repeat">Timed runs per engine and scenario.</param>
/// <param name="Warmup">Untimed runs per engine before the timed ones.</param>
/// <param name="Threads">DuckDB's thread count and DataPrep's read parallelism.</param>
/// <param name="DataPrepCli">The CLI dll, or null when DataPrep is not run.</param>
/// <param name="RunDuckDb">Whether the peer is run.</param>
/// <param name="WorkDirectory">Pipelines and outputs; outputs are deleted after each scenario.</param>
internal sealed record BenchSettings(int Repeat, int Warmup, int Threads, string? DataPrepCli, bool RunDuckDb, string WorkDirectory)
{
    public static BenchSettings From(CommandLine args, int defaultRepeat, int defaultWarmup, string defaultWork)
    {
        var engines = args.List("engines", "dataprep,duckdb");
        foreach (var e in engines.Except(["dataprep", "duckdb"])) throw new UsageException($"--engines: unknown engine '{e}'");
        var cli = args.String("dataprep");
        var work = Path.GetFullPath(args.String("work", defaultWork));
        var settings = new BenchSettings(
            Repeat: args.Int("repeat", defaultRepeat),
            Warmup: args.Int("warmup", defaultWarmup),
            Threads: args.Int("threads", 2),
            DataPrepCli: engines.Contains("dataprep") ? Peers.DataPrepRunner.LocateCli(cli) : null,
            RunDuckDb: engines.Contains("duckdb"),
            WorkDirectory: work);
        if (settings.Repeat < 1 || settings.Warmup < 0 || settings.Threads < 1) throw new UsageException("--repeat and --threads must be >= 1, --warmup >= 0");
        Directory.CreateDirectory(work);
        return settings;
    }
}
