using DataPrep.Tests.Support;

namespace DataPrep.Tests.Examples;

/// <summary>The repository's files, and copies of an example's pipeline laid out like the repository so its outputs stay in a temporary folder.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("DataPrep.sln not found above the test folder");
        }
    }

    /// <summary>Copies <paramref name="relativePipeline"/> and the penguins data into <paramref name="dir"/> at the same relative paths; returns the copy's path.</summary>
    public static string CopyWithPenguins(TempDirectory dir, string relativePipeline)
    {
        var pipeline = dir.Combine(relativePipeline);
        Directory.CreateDirectory(Path.GetDirectoryName(pipeline)!);
        File.Copy(Path.Combine(Root, relativePipeline), pipeline);
        Directory.CreateDirectory(dir.Combine("data", "penguins"));
        File.Copy(Path.Combine(Root, "data", "penguins", "penguins.csv"), dir.Combine("data", "penguins", "penguins.csv"));
        return pipeline;
    }
}
