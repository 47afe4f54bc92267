using System.Globalization;
using System.Runtime.InteropServices;

namespace DataPrep.Benchmarks.Harness;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string DotNet, string DuckDb)
{
    public static MachineInfo Collect(string duckDbVersion) => new(
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ProcField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], CultureInfo.InvariantCulture, out var k) ? k / 1048576.0 : double.NaN,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        duckDbVersion);

    public IEnumerable<string> Lines() =>
    [
        $"CPU: {Cpu}, {Cores} cores",
        string.Create(CultureInfo.InvariantCulture, $"Memory: {MemoryGiB:F1} GiB"),
        $"OS: {Os}",
        $"Runtime: {DotNet}",
        $"DuckDB: {DuckDb} (DuckDB.NET.Data.Full, in-process)",
    ];

    /// <summary>The 1, 5 and 15 minute load averages: on a shared machine, the first thing to check when timings look odd.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string? ProcField(string path, string name)
    {
        if (!File.Exists(path)) return null;
        return File.ReadLines(path)
            .Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
