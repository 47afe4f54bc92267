using System.Globalization;
using System.Text;
using DataPrep.Execution;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Reports;

/// <summary>The report's k-anonymity section: collected from the fitted anonymize steps, rendered in HTML and Markdown.</summary>
internal static class PrivacySection
{
    /// <summary>One summary per fitted anonymize step with k-anonymity, in pipeline order; null when there is none.</summary>
    public static IReadOnlyList<KAnonymitySummary>? KAnonymity(ExecutionPlan plan)
    {
        var found = plan.Steps.Select(s => KAnonymitySummary.Of(s.Step)).OfType<KAnonymitySummary>().ToList();
        return found.Count == 0 ? null : found;
    }

    public static void Html(StringBuilder sb, QualityReport report)
    {
        if (report.KAnonymity is not { Count: > 0 } all) return;
        sb.Append("<h2>k-anonymity</h2><table><tr><th>step</th><th>quasi-identifiers</th><th>k</th><th>rows</th><th>classes</th><th>smallest class</th>");
        sb.Append("<th>rows below k</th><th>suppressed</th><th>max risk</th><th>mean risk</th><th>released: smallest class</th><th>released: max risk</th><th>released: mean risk</th></tr>");
        foreach (var k in all)
        {
            var met = k.ReleasedSmallestClass >= k.K || k.ReleasedClasses == 0;
            sb.Append($"<tr><td>{HtmlReport.E(k.Id)}</td><td>{HtmlReport.E(string.Join(", ", k.QuasiIdentifiers))}</td><td class=\"n\">{k.K}</td>");
            sb.Append($"<td class=\"n\">{N(k.Rows)}</td><td class=\"n\">{N(k.Classes)}</td><td class=\"n\">{N(k.SmallestClass)}</td><td class=\"n\">{N(k.RowsBelowK)}</td>");
            sb.Append($"<td class=\"n\">{N(k.RowsSuppressed)} ({HtmlReport.E(k.Suppress)})</td><td class=\"n\">{HtmlReport.F(k.MaximumRisk)}</td><td class=\"n\">{HtmlReport.F(k.AverageRisk)}</td>");
            sb.Append($"<td class=\"n {(met ? "pass" : "fail")}\">{N(k.ReleasedSmallestClass)}</td><td class=\"n\">{HtmlReport.F(k.ReleasedMaximumRisk)}</td><td class=\"n\">{HtmlReport.F(k.ReleasedAverageRisk)}</td></tr>");
        }
        sb.Append("</table><p class=\"meta\">Risk is the prosecutor model's: 1 / size of a row's equivalence class of quasi-identifier values.</p>\n");
    }

    public static void Markdown(StringBuilder sb, QualityReport report)
    {
        if (report.KAnonymity is not { Count: > 0 } all) return;
        sb.Append("### k-anonymity\n\n| step | quasi-identifiers | k | rows | classes | smallest class | suppressed | max risk | mean risk | released smallest class | released max risk |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var k in all)
        {
            sb.Append($"| {Cell(k.Id)} | {Cell(string.Join(", ", k.QuasiIdentifiers))} | {k.K} | {N(k.Rows)} | {N(k.Classes)} | {N(k.SmallestClass)} | {N(k.RowsSuppressed)} ({k.Suppress}) | ");
            sb.Append($"{HtmlReport.F(k.MaximumRisk)} | {HtmlReport.F(k.AverageRisk)} | {N(k.ReleasedSmallestClass)} | {HtmlReport.F(k.ReleasedMaximumRisk)} |\n");
        }
        sb.Append('\n');
    }

    private static string N(long v) => v.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
