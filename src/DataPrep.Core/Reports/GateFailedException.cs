namespace DataPrep.Reports;

/// <summary>An error gate failed: the run committed nothing. <see cref="Report"/> holds every gate's outcome.</summary>
public sealed class GateFailedException(QualityReport report)
    : Exception("quality gate failed: " + string.Join("; ", report.Gates.Where(g => !g.Passed && g.Severity == "error").Select(g => g.Message)) + "; nothing was committed")
{
    public QualityReport Report { get; } = report;
}
