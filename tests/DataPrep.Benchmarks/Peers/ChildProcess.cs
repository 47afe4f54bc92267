using System.Diagnostics;
using System.Globalization;

namespace DataPrep.Benchmarks.Peers;

/// <summary>What a child process did: exit code, wall time from start to exit, peak RSS and output.</summary>
/// <param name="CpuSeconds">User + system CPU time of the child (see <see cref="ChildCpu"/>); null where unknown.</param>
internal sealed record ChildResult(int ExitCode, TimeSpan Elapsed, long? PeakKiB, string StdOut, string StdErr, double? CpuSeconds = null)
{
    /// <summary>
    /// The first and last lines of stderr (or stdout), for an error message: an exception's message
    /// comes first and its stack after, so the tail alone can lose what went wrong.
    /// </summary>
    public string Excerpt(int head = 5, int tail = 10)
    {
        var text = string.IsNullOrWhiteSpace(StdErr) ? StdOut : StdErr;
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (all.Length <= head + tail) return string.Join('\n', all);
        return string.Join('\n', [.. all.Take(head), $"[... {all.Length - head - tail} lines ...]", .. all.Skip(all.Length - tail)]);
    }

    /// <summary>Writes the whole stdout and stderr to <paramref name="path"/>, for a failed run: the path, or why it could not be written.</summary>
    public string Save(string path)
    {
        try
        {
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"exit code {ExitCode} after {Elapsed.TotalSeconds:F2} s\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}\n"));
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"nowhere: {path} could not be written ({e.Message})";
        }
    }
}

internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host that runs framework-dependent dlls.</summary>
    public static string DotnetHost { get; } =
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    /// <param name="environment">Variables set for the child only.</param>
    public static async Task<ChildResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var cpuBefore = ChildCpu.Seconds();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        // Drain both pipes concurrently, or a chatty child blocks on a full pipe.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var exited = process.WaitForExitAsync(cancellationToken);
        var elapsed = exited.ContinueWith(_ => clock.Elapsed, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            var peak = await PeakMemory.WatchAsync(process.Id, exited);
            await exited;
            var cpu = ChildCpu.Seconds() - cpuBefore;
            return new ChildResult(process.ExitCode, await elapsed, peak, await stdout, await stderr, cpu);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
