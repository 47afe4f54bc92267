namespace DataPrep.Reports;

/// <summary>Version strings recorded in reports.</summary>
internal static class ReportVersions
{
    public static string DataPrep { get; } = typeof(ReportVersions).Assembly.GetName().Version?.ToString() ?? "0";

    public static string Runtime { get; } = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
