using System.Diagnostics;

namespace DataPrep.Tests.Support;

/// <summary>Runs the built <c>dataprep</c> CLI as a child process, as users and schedulers do.</summary>
internal static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "dataprep.dll");

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("DataPrep.sln not found above the test folder");
        }
    }

    /// <summary>The bundled penguins CSV, the real data most CLI tests run on.</summary>
    public static string Penguins => Path.Combine(RepositoryRoot, "data", "penguins", "penguins.csv");

    /// <summary>Copies the penguins CSV into <c>raw/NAME</c> under the folder (created), as a run's input.</summary>
    public static void CopyPenguins(TempDirectory dir, string name = "penguins.csv")
    {
        Directory.CreateDirectory(dir.Combine("raw"));
        File.Copy(Penguins, dir.Combine("raw", name));
    }

    /// <summary>The values of one string column of a Parquet file, read through the engine's source.</summary>
    public static async Task<List<string?>> ReadStringsAsync(string parquet, string column)
    {
        var source = DataPrep.IO.Formats.CreateSource(new DataPrep.IO.SourceOptions { Parquet = new() { Path = parquet } }, "/");
        var values = new List<string?>();
        await foreach (var chunk in source.ReadAsync(parquet, new DataPrep.IO.ReadRequest(new HashSet<string> { column }, 1024, 1), CancellationToken.None))
        {
            var array = (Apache.Arrow.StringArray)chunk.Batch.Column(0);
            for (var i = 0; i < array.Length; i++) values.Add(array.GetString(i));
        }
        return values;
    }

    public static Process Start(string workingDirectory, params string[] args) => Start(workingDirectory, null, args);

    /// <param name="environment">Variables set for the child only (tests run in parallel: never set them on the test process).</param>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("DATAPREP_TRACE"); // set by hand while soaking, it would change what a failed run prints
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public static Task<(int ExitCode, string Out, string Error)> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync(workingDirectory, null, args);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
