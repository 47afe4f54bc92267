namespace DataPrep.Reports;

/// <summary>A Markdown summary for CI job summaries and pull requests.</summary>
public static class MarkdownReport
{
    public static string Render(QualityReport report) => $"# {report.Pipeline}\n";
}
