using System.CommandLine;
using DataPrep.Cli.Output;
using DataPrep.Definition;
using DataPrep.Reports;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep profile DATASET</c>: the quality report of a dataset, without a pipeline.</summary>
internal static class ProfileCommand
{
    public static Command Create()
    {
        var dataset = new Argument<string>("dataset") { Description = "A .csv, .parquet or .arrow file, a folder of them, or a glob." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for the report files (default: out/profile/NAME)." };
        var formats = new Option<ReportFormat[]>("--format", "-f") { Description = "Report files to write: json, html, markdown (default: all three).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("profile", "Profile a dataset: per-column counts, nulls, distinct values, quantiles, histograms, top values.") { dataset, output, formats };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(dataset)!;
            try
            {
                var report = await DatasetProfiler.ProfileAsync(DatasetProfiler.SourceFor(path), Environment.CurrentDirectory, Name(path), cancellationToken: ct);
                var folder = parse.GetValue(output)?.FullName ?? Path.Combine("out", "profile", Name(path));
                Directory.CreateDirectory(folder);
                var chosen = parse.GetValue(formats) is { Length: > 0 } f ? f : [ReportFormat.Json, ReportFormat.Html, ReportFormat.Markdown];
                foreach (var format in chosen.Distinct())
                    await File.WriteAllTextAsync(Path.Combine(folder, ReportWriter.FileName(format)), ReportWriter.Render(report, format), ct);
                ReportSummary.Print(report, ReportSummary.Console(Console.Out));
                Console.WriteLine($"profiled {report.Metrics.RowCount:N0} rows; report in {folder}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException or NotSupportedException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.RunFailed;
            }
        });
        return command;
    }

    public static string Name(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/', '\\');
        var stem = Directory.Exists(full) ? Path.GetFileName(full) : Path.GetFileNameWithoutExtension(full);
        return stem.Length == 0 ? "dataset" : stem;
    }
}
