namespace DataPrep.Reports;

/// <summary>One self-contained HTML page: inline styles and SVG, no request leaves it.</summary>
public static class HtmlReport
{
    public static string Render(QualityReport report) => $"<!doctype html><title>{report.Pipeline}</title>\n";
}
