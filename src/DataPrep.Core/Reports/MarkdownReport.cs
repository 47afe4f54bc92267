using System.Globalization;
using System.Text;

namespace DataPrep.Reports;

/// <summary>A Markdown summary for CI job summaries and pull requests: headline numbers, gates, funnel, columns, drift.</summary>
public static class MarkdownReport
{
    public static string Render(QualityReport r)
    {
        var sb = new StringBuilder();
        var m = r.Metrics;
        sb.Append($"## Quality report: {Cell(r.Pipeline)}\n\n");
        sb.Append($"{m.RowCount:N0} rows written of {m.SourceRows:N0} source records · quarantined {HtmlReport.P(m.QuarantineRate)} · dropped {HtmlReport.P(m.DropRate)} · ");
        sb.Append($"duplicates {HtmlReport.P(m.DuplicateRate)}{(m.DuplicateRateExact ? "" : " (estimated)")} · {r.Run.Seconds.ToString("0.##", CultureInfo.InvariantCulture)} s\n\n");
        if (r.Gates.Count > 0)
        {
            sb.Append("### Gates\n\n| metric | value | result |\n|---|---:|---|\n");
            foreach (var g in r.Gates)
                sb.Append($"| `{Cell(g.Metric)}` | {(g.Value is { } v ? HtmlReport.F(v) : "–")} | {(g.Passed ? "✅ passed" : g.Severity == "warn" ? "⚠️ failed (warn)" : "❌ failed")}: {Cell(g.Message)} |\n");
            sb.Append('\n');
        }
        if (r.Steps.Count > 0)
        {
            sb.Append("### Row funnel\n\n| step | in | out | quarantined | dropped | reasons |\n|---|---:|---:|---:|---:|---|\n");
            foreach (var s in r.Steps)
                sb.Append($"| {Cell(s.Id)} | {s.RowsIn:N0} | {s.RowsOut:N0} | {s.Quarantined:N0} | {s.Dropped:N0} | {Cell(string.Join(", ", s.Reasons.Select(x => $"{x.Code} {x.Count:N0}")))} |\n");
            sb.Append('\n');
        }
        PrivacySection.Markdown(sb, r);
        if (r.Steps.Any(s => s.Effects is not null)) Effects(sb, r.Steps);
        if (r.Steps.Any(s => s.Fit is not null))
        {
            sb.Append("### Fitted statistics\n\n");
            foreach (var s in r.Steps.Where(s => s.Fit is not null))
            {
                var (rows, truncated) = FitSummary.Flatten(s.Fit, 40);
                sb.Append($"<details><summary>{Cell(s.Id)} ({Cell(s.Step)})</summary>\n\n| statistic | value |\n|---|---|\n");
                foreach (var (path, value) in rows) sb.Append($"| `{Cell(path)}` | {Cell(value)} |\n");
                if (truncated) sb.Append("\nfirst 40 shown; report.json has them all\n");
                sb.Append("\n</details>\n\n");
            }
        }
        if ((r.Sink ?? r.Source) is { } profile)
        {
            sb.Append($"### Columns ({(r.Sink is not null ? "sink" : "source")})\n\n| column | type | nulls | distinct | min | max | mean |\n|---|---|---:|---:|---:|---:|---:|\n");
            foreach (var c in profile.Columns)
            {
                var n = c.Numeric;
                sb.Append($"| {Cell(c.Name)}{(c.Sensitive ? " (sensitive)" : "")} | {c.Type} | {HtmlReport.P(c.NullRate)} | ~{c.DistinctEstimate:N0} | ");
                sb.Append($"{(n is null ? "" : HtmlReport.F(n.Min))} | {(n is null ? "" : HtmlReport.F(n.Max))} | {(n is null ? "" : HtmlReport.F(n.Mean))} |\n");
            }
            sb.Append('\n');
            if (profile.Correlations is { Count: > 0 } pairs)
            {
                sb.Append("| column | column | Pearson r |\n|---|---|---:|\n");
                foreach (var p in pairs.Where(p => p.Pearson is not null).OrderByDescending(p => Math.Abs(p.Pearson!.Value)).Take(10))
                    sb.Append($"| {Cell(p.A)} | {Cell(p.B)} | {HtmlReport.F(p.Pearson!.Value)} |\n");
                sb.Append('\n');
            }
        }
        if (r.Drift is { } d)
        {
            sb.Append($"### Drift against version {d.PreviousVersion}\n\nrow count change {HtmlReport.P(d.RowCountChange)} · largest PSI {HtmlReport.F(d.MaxPsi)}\n\n");
            sb.Append("| column | PSI | JS | new values | vanished values |\n|---|---:|---:|---|---|\n");
            foreach (var c in d.Columns.OrderByDescending(c => c.Psi).Take(20))
                sb.Append($"| {Cell(c.Name)} | {HtmlReport.F(c.Psi)} | {HtmlReport.F(c.JensenShannon)} | {Cell(string.Join(", ", c.NewCategories))} | {Cell(string.Join(", ", c.VanishedCategories))} |\n");
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void Effects(StringBuilder sb, IReadOnlyList<StepReport> steps)
    {
        sb.Append("### Per-step effects\n\n| step | nulls filled | values changed | outliers | duplicates removed | largest PSI (column) |\n|---|---:|---:|---:|---:|---|\n");
        foreach (var s in steps.Where(s => s.Effects is not null))
        {
            var e = s.Effects!;
            var top = e.Columns.Where(c => c.Psi is not null).MaxBy(c => c.Psi);
            sb.Append($"| {Cell(s.Id)} | {e.NullsFilled:N0} | {e.ValuesChanged:N0} | {(e.OutliersHandled is { } o ? o.ToString("N0", CultureInfo.InvariantCulture) : "")} | ");
            sb.Append($"{(e.DuplicatesRemoved is { } d ? d.ToString("N0", CultureInfo.InvariantCulture) : "")} | {(top is null ? "" : $"{HtmlReport.F(top.Psi!.Value)} ({Cell(top.Name)})")} |\n");
        }
        sb.Append('\n');
        foreach (var s in steps.Where(s => s.Effects?.ClassBalance is { TooManyClasses: false }))
        {
            var balance = s.Effects!.ClassBalance!;
            var before = balance.Before.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal);
            sb.Append($"Class balance of `{Cell(balance.Label)}` at {Cell(s.Id)}:\n\n| class | before | after |\n|---|---:|---:|\n");
            foreach (var v in balance.After.Take(30))
                sb.Append($"| {Cell(v.Value)} | {before.GetValueOrDefault(v.Value).ToString("N0", CultureInfo.InvariantCulture)} | {v.Count.ToString("N0", CultureInfo.InvariantCulture)} |\n");
            sb.Append('\n');
        }
    }

    private static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
