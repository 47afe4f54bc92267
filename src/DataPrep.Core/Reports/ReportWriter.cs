using System.Text;
using DataPrep.Commit;
using DataPrep.Definition;

namespace DataPrep.Reports;

/// <summary>Writes a report's files into a folder, hashing them as they are written.</summary>
public static class ReportWriter
{
    public const string Folder = "report";

    public static string FileName(ReportFormat format) => format switch
    {
        ReportFormat.Json => "report.json",
        ReportFormat.Html => "report.html",
        _ => "report.md",
    };

    public static string Render(QualityReport report, ReportFormat format) => format switch
    {
        ReportFormat.Json => ReportJson.Serialize(report),
        ReportFormat.Html => HtmlReport.Render(report),
        _ => MarkdownReport.Render(report),
    };

    /// <returns>SHA-256 by path relative to <paramref name="root"/> (<c>report/report.json</c>, ...).</returns>
    public static async Task<IReadOnlyDictionary<string, string>> WriteAsync(QualityReport report, IEnumerable<ReportFormat> formats, string root, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(root, Folder));
        var written = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var format in formats.Distinct())
        {
            var relative = $"{Folder}/{FileName(format)}";
            await using var stream = new HashingStream(new FileStream(Path.Combine(root, relative), FileMode.CreateNew, FileAccess.Write, FileShare.None));
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Render(report, format)), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            written[relative] = stream.Sha256;
        }
        return written;
    }

    /// <summary>The report of the newest committed version of an output root, if it has one in JSON.</summary>
    public static (QualityReport Report, int Version)? ReadPrevious(Manifest? manifest, string outputRoot)
    {
        var file = manifest?.Files.FirstOrDefault(f => f.Role == "report" && f.Path.EndsWith(".json", StringComparison.Ordinal));
        if (file is null) return null;
        try { return (ReportJson.Deserialize(File.ReadAllText(Path.Combine(outputRoot, file.Path))), manifest!.Version); }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException) { return null; }
    }
}
