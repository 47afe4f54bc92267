using System.Globalization;
using System.Text;
using DataPrep.Benchmarks.Harness;

namespace DataPrep.Benchmarks.Peers;

/// <summary>
/// Runs DataPrep in fresh child processes, so each run's peak memory is its own: the CLI for
/// pipelines, and this harness's hidden <c>scan-child</c> command for the in-process library scan.
/// </summary>
internal sealed class DataPrepRunner(string cliDll, string workDirectory)
{
    public const string DefaultCliPath = "src/DataPrep.Cli/bin/Release/net10.0/dataprep.dll";

    public string CliDll { get; } = cliDll;

    /// <summary>The CLI dll from --dataprep, or the Release build under the repository root.</summary>
    public static string LocateCli(string? option)
    {
        var path = option is not null ? Path.GetFullPath(option)
            : FindRepositoryRoot() is { } root ? Path.Combine(root, DefaultCliPath)
            : throw new BenchmarkException("cannot find the repository root (a folder holding DataPrep.sln) above the current directory; pass --dataprep PATH/dataprep.dll");
        if (File.Exists(path)) return path;
        throw new BenchmarkException(
            $"DataPrep CLI not found at {path}. Build it with 'dotnet build -c Release src/DataPrep.Cli', " +
            "pass --dataprep PATH/dataprep.dll, or time only the peer with --engines duckdb.");
    }

    /// <summary>Writes the pipeline file, empties the sink root and runs <c>dataprep run</c>.</summary>
    public async Task<RunResult> RunPipelineAsync(string name, string source, string sinkRoot, string steps, CancellationToken cancellationToken)
    {
        var pipeline = Path.Combine(workDirectory, name + ".yaml");
        await File.WriteAllTextAsync(pipeline, PipelineYaml(name, source, sinkRoot, steps), cancellationToken);
        DeleteDirectory(sinkRoot);

        // The trace changes only what a failed run prints: its exception and stack.
        var result = await ChildProcess.RunAsync(ChildProcess.DotnetHost, [CliDll, "run", pipeline], cancellationToken,
            new Dictionary<string, string> { ["DATAPREP_TRACE"] = "1" });
        if (result.ExitCode != 0)
        {
            // Kept after the scenario's outputs are deleted: the whole output of a run that failed once in a hundred.
            var log = result.Save(Path.Combine(workDirectory,
                string.Create(CultureInfo.InvariantCulture, $"failed-{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.log")));
            throw new BenchmarkException($"dataprep run {pipeline} exited with {result.ExitCode} (whole output in {log}):\n{result.Excerpt()}");
        }
        return new RunResult(result.Elapsed.TotalSeconds, result.PeakKiB, Rows: null, result.CpuSeconds);
    }

    /// <summary>Reads every column through DataPrep.IO in a child; the time is measured inside it, excluding runtime start-up.</summary>
    public static async Task<RunResult> ScanAsync(string file, int parallelism, CancellationToken cancellationToken)
    {
        var self = typeof(DataPrepRunner).Assembly.Location;
        var result = await ChildProcess.RunAsync(ChildProcess.DotnetHost,
            [self, "scan-child", "--data", file, "--threads", parallelism.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (result.ExitCode != 0)
            throw new BenchmarkException($"DataPrep scan (scan-child) exited with {result.ExitCode}:\n{result.Excerpt()}");
        var fields = result.StdOut.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
        return new RunResult(
            double.Parse(fields["seconds"], CultureInfo.InvariantCulture), result.PeakKiB,
            long.Parse(fields["rows"], CultureInfo.InvariantCulture));
    }

    /// <summary>The data files of the newest committed version of a sink's output root, as its manifest lists them.</summary>
    public static IReadOnlyList<string> OutputFiles(string sinkRoot) =>
        DataPrep.Commit.OutputRoot.ReadLatest(sinkRoot) is { } manifest
            ? manifest.Files.Where(f => f.Role == "data").Select(f => Path.Combine(sinkRoot, f.Path)).ToArray()
            : [];

    public static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private static string PipelineYaml(string name, string source, string sinkRoot, string steps) => new StringBuilder()
        .Append("version: 1\n")
        .Append("name: ").Append(name).Append('\n')
        .Append("source: { parquet: { path: ").Append(Quote(source)).Append(" } }\n")
        .Append("steps: ").Append(steps).Append('\n')
        .Append("sink: { parquet: { path: ").Append(Quote(sinkRoot)).Append(", compression: snappy, row_group_size: 131072 } }\n")
        .ToString();

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) return dir.FullName;
        }
        return null;
    }
}
