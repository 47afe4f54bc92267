using System.Globalization;
using DataPrep.Benchmarks.Commands;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Harness;

/// <summary>What the e2e, smoke and memory commands share: the data file and the report.</summary>
internal static class BenchRun
{
    /// <summary>Generates the reference file unless it is already there.</summary>
    public static async Task EnsureDataAsync(string file, long rows, ulong seed, CancellationToken cancellationToken)
    {
        if (File.Exists(file))
        {
            Console.Error.WriteLine($"data: using existing {file}");
            return;
        }
        await GenerateCommand.GenerateAsync(rows, seed, file, cancellationToken);
    }

    public static string DataLine(string file, long rows) => string.Create(CultureInfo.InvariantCulture,
        $"Data: {file}, {rows:N0} rows, {new FileInfo(file).Length / 1048576.0:F0} MiB");

    /// <summary>Prints the report, writes it where asked; exit code 1 when any run failed or miscounted.</summary>
    public static async Task<int> FinishAsync(string title, BenchSettings settings, DuckDbPeer duck, IEnumerable<string> dataLines,
        IReadOnlyList<ScenarioResult> results, string? reportPath, CancellationToken cancellationToken)
    {
        dataLines = dataLines.Append($"Load average (1/5/15 min) at the end: {MachineInfo.LoadAverage()}");
        var markdown = Report.Render(title, MachineInfo.Collect(duck.Version), settings, dataLines, results);
        Console.WriteLine(markdown);
        if (reportPath is not null)
        {
            var full = Path.GetFullPath(reportPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, markdown, cancellationToken);
            Console.Error.WriteLine($"report: {full}");
        }
        return results.Any(r => r.Problems.Count > 0) ? 1 : 0;
    }
}
