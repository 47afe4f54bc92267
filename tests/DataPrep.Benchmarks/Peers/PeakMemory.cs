using System.Globalization;

namespace DataPrep.Benchmarks.Peers;

/// <summary>
/// Peak resident memory from <c>/proc/PID/status</c> (VmHWM, the kernel's high-water mark of RSS).
/// Linux only; elsewhere every reading is null and the report says n/a.
/// </summary>
internal static class PeakMemory
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Polls a child until <paramref name="exited"/> completes; returns the highest VmHWM seen, in KiB.</summary>
    /// <remarks>
    /// VmHWM only grows, so polling loses at most the growth of the last interval before exit;
    /// the /proc entry is gone once the runtime reaps the child, so it cannot be read afterwards.
    /// </remarks>
    public static async Task<long?> WatchAsync(int pid, Task exited)
    {
        long? peak = null;
        var path = $"/proc/{pid}/status";
        while (true)
        {
            if (ReadHighWaterKiB(path) is { } kib) peak = Math.Max(peak ?? 0, kib);
            if (exited.IsCompleted) return peak;
            await Task.WhenAny(exited, Task.Delay(PollInterval));
        }
    }

    /// <summary>This process's VmHWM, in KiB.</summary>
    public static long? Self() => ReadHighWaterKiB("/proc/self/status");

    /// <summary>
    /// Resets this process's VmHWM to its current RSS (writing 5 to clear_refs, Linux 4.0+), so the
    /// next <see cref="Self"/> measures one in-process DuckDB query. False where that is not allowed.
    /// </summary>
    public static bool ResetSelf()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadHighWaterKiB(string statusPath)
    {
        try
        {
            foreach (var line in File.ReadLines(statusPath))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var digits = line.AsSpan(6).Trim().TrimEnd("kB").Trim();
                return long.Parse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The child exited between two polls.
        }
        return null;
    }
}
