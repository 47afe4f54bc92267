using System.Globalization;
using System.Net;
using System.Text;

namespace DataPrep.Reports;

/// <summary>
/// One self-contained HTML page: inline styles and SVG charts, no script, and a content security
/// policy of <c>default-src 'none'</c>, so the page makes no request and reads without a server.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d232b;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde2e8;padding-bottom:4px}
        h3{font-size:15px;margin:0 0 6px}.meta{color:#5b6573;font-size:12px}
        table{border-collapse:collapse;margin:6px 0}td,th{padding:3px 8px;border-bottom:1px solid #eef1f4;text-align:left;vertical-align:top}
        th{font-weight:600;background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
        .cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #dde2e8;border-radius:6px;padding:8px 12px;min-width:120px}
        .card b{display:block;font-size:20px}.cols{display:grid;grid-template-columns:repeat(auto-fill,minmax(350px,1fr));gap:12px}
        .col{border:1px solid #dde2e8;border-radius:6px;padding:10px}.pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
        .warn{color:#9a6700;font-weight:600}code{font-size:12px;word-break:break-all}
        svg.chart text{font-size:11px;fill:#424a53}svg.chart rect{fill:#4c78a8}svg.chart .axis{stroke:#8c959f}
        svg.chart rect.track{fill:#eef1f4}svg.chart rect.null{fill:#e45756}svg.chart rect.out{fill:#54a24b}
        svg.chart rect.quarantined{fill:#f58518}svg.chart rect.dropped{fill:#9d9d9d}.psi-mid{background:#fff8c5}.psi-high{background:#ffebe9}
        """;

    public static string Render(QualityReport report)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">");
        sb.Append($"<title>{E(report.Pipeline)}: quality report</title><style>{Style}</style></head><body>\n");
        sb.Append($"<h1>{E(report.Pipeline)}</h1><div class=\"meta\">quality report, {report.CreatedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC · run {E(report.Run.RunId)} · ");
        sb.Append($"definition {E(Short(report.Run.DefinitionSha256))} · seed {report.Run.Seed} · DataPrep {E(report.Run.DataPrepVersion)} · {E(report.Run.Runtime)}</div>\n");

        Metrics(sb, report);
        Gates(sb, report.Gates);
        if (report.Steps.Count > 0) Funnel(sb, report.Steps);
        PrivacySection.Html(sb, report);
        Effects(sb, report.Steps);
        Fits(sb, report.Steps);
        if (report.Drift is { } drift) Drift(sb, drift);
        if (report.Source is { } source) Profile(sb, "Source profile", source);
        if (report.Sink is { } sink) Profile(sb, "Sink profile", sink);
        Inputs(sb, report.Run);
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    private static void Metrics(StringBuilder sb, QualityReport r)
    {
        var m = r.Metrics;
        sb.Append("<h2>Summary</h2><div class=\"cards\">");
        Card(sb, "rows written", m.RowCount.ToString("N0", CultureInfo.InvariantCulture));
        Card(sb, "source records", m.SourceRows.ToString("N0", CultureInfo.InvariantCulture));
        Card(sb, "quarantined", P(m.QuarantineRate));
        Card(sb, "dropped", P(m.DropRate));
        Card(sb, m.DuplicateRateExact ? "duplicates" : "duplicates (est.)", P(m.DuplicateRate));
        Card(sb, "seconds", r.Run.Seconds.ToString("0.##", CultureInfo.InvariantCulture));
        sb.Append("</div>\n");
    }

    private static void Gates(StringBuilder sb, IReadOnlyList<GateResult> gates)
    {
        if (gates.Count == 0) return;
        sb.Append("<h2>Gates</h2><table><tr><th>metric</th><th>value</th><th>bounds</th><th>severity</th><th>result</th></tr>");
        foreach (var g in gates)
        {
            var cls = g.Passed ? "pass" : g.Severity == "warn" ? "warn" : "fail";
            sb.Append($"<tr><td><code>{E(g.Metric)}</code></td><td class=\"n\">{(g.Value is { } v ? F(v) : "–")}</td><td>{Bounds(g)}</td><td>{E(g.Severity)}</td>");
            sb.Append($"<td class=\"{cls}\">{(g.Passed ? "passed" : "failed")}</td></tr>");
        }
        sb.Append("</table>\n");
    }

    private static void Funnel(StringBuilder sb, IReadOnlyList<StepReport> steps)
    {
        sb.Append("<h2>Row funnel</h2>");
        SvgCharts.Funnel(sb, steps);
        sb.Append("<table><tr><th>step</th><th>kind</th><th>in</th><th>out</th><th>quarantined</th><th>dropped</th><th>seconds</th><th>reasons</th></tr>");
        foreach (var s in steps)
        {
            var reasons = string.Join("<br>", s.Reasons.Select(r => $"{E(r.Code)} ({E(r.Fate)}): {r.Count:N0}"));
            sb.Append($"<tr><td>{E(s.Id)}</td><td>{E(s.Step)}</td><td class=\"n\">{s.RowsIn:N0}</td><td class=\"n\">{s.RowsOut:N0}</td>");
            sb.Append($"<td class=\"n\">{s.Quarantined:N0}</td><td class=\"n\">{s.Dropped:N0}</td><td class=\"n\">{s.Seconds:0.###}</td><td>{reasons}</td></tr>");
        }
        sb.Append("</table>\n");
        var examples = steps.SelectMany(s => s.Examples.Select(e => (s.Id, e))).ToList();
        if (examples.Count == 0) return;
        sb.Append("<details><summary>Example rows that left the stream</summary><table><tr><th>step</th><th>reason</th><th>row</th><th>message</th><th>values</th></tr>");
        foreach (var (id, e) in examples)
            sb.Append($"<tr><td>{E(id)}</td><td>{E(e.Code)}</td><td>{E(e.Row)}</td><td>{E(e.Message)}</td><td><code>{E(e.Values ?? "")}</code></td></tr>");
        sb.Append("</table></details>\n");
    }

    private static void Effects(StringBuilder sb, IReadOnlyList<StepReport> steps)
    {
        var withEffects = steps.Where(s => s.Effects is not null).ToList();
        if (withEffects.Count == 0) return;
        sb.Append("<h2>Per-step effects</h2><p class=\"meta\">measured on each step's input and output; only the columns a step changed or added are profiled. PSI above 0.1 is marked, above 0.25 strongly.</p>");
        foreach (var s in withEffects)
        {
            var e = s.Effects!;
            sb.Append($"<div class=\"col\"><h3>{E(s.Id)} <span class=\"meta\">{E(s.Step)}</span></h3>");
            var facts = new List<string>();
            if (e.NullsFilled > 0) facts.Add($"{e.NullsFilled:N0} nulls filled");
            if (e.ValuesChanged > 0) facts.Add($"{e.ValuesChanged:N0} values changed");
            if (e.OutliersHandled is { } o) facts.Add($"{o:N0} outliers handled");
            if (e.DuplicatesRemoved is { } d) facts.Add($"{d:N0} duplicates removed");
            if (facts.Count > 0) sb.Append($"<div class=\"meta\">{string.Join(" · ", facts)}</div>");
            if (e.ClassBalance is { } balance)
            {
                sb.Append($"<h3>Class balance of {E(balance.Label)}</h3>");
                if (balance.TooManyClasses) sb.Append("<div class=\"meta\">more than 1,000 classes: not counted</div>");
                else SvgCharts.Balance(sb, balance.Before, balance.After);
            }
            if (e.Columns.Count > 0)
            {
                sb.Append("<table><tr><th>column</th><th>nulls filled</th><th>values changed</th><th>null rate before → after</th><th>PSI</th><th>Jensen-Shannon</th></tr>");
                foreach (var c in e.Columns)
                {
                    var cls = c.Psi > 0.25 ? " class=\"psi-high\"" : c.Psi > 0.1 ? " class=\"psi-mid\"" : "";
                    sb.Append($"<tr{cls}><td>{E(c.Name)}{(c.Added ? " <span class=\"meta\">added</span>" : "")}</td><td class=\"n\">{c.NullsFilled:N0}</td><td class=\"n\">{(c.ValuesChanged is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–")}</td>");
                    sb.Append($"<td class=\"n\">{(c.NullRateBefore is { } nb ? P(nb) : "–")} → {P(c.NullRateAfter)}</td><td class=\"n\">{(c.Psi is { } p ? F(p) : "–")}</td><td class=\"n\">{(c.JensenShannon is { } j ? F(j) : "–")}</td></tr>");
                }
                sb.Append("</table>");
            }
            if (e.DuplicateClusters.Count > 0)
            {
                sb.Append("<table><tr><th>kept row</th><th>removed as its duplicates</th><th>count</th></tr>");
                foreach (var c in e.DuplicateClusters)
                    sb.Append($"<tr><td>{E(c.Survivor)}</td><td>{E(string.Join(", ", c.Removed))}{(c.RemovedCount > c.Removed.Count ? ", …" : "")}</td><td class=\"n\">{c.RemovedCount:N0}</td></tr>");
                sb.Append("</table>");
            }
            sb.Append("</div>\n");
        }
    }

    private static void Fits(StringBuilder sb, IReadOnlyList<StepReport> steps)
    {
        var fitted = steps.Where(s => s.Fit is not null).ToList();
        if (fitted.Count == 0) return;
        sb.Append("<h2>Fitted statistics</h2>");
        foreach (var s in fitted)
        {
            var (rows, truncated) = FitSummary.Flatten(s.Fit, 200);
            sb.Append($"<details open><summary>{E(s.Id)} <span class=\"meta\">{E(s.Step)}</span></summary><table><tr><th>statistic</th><th>value</th></tr>");
            foreach (var (path, value) in rows) sb.Append($"<tr><td><code>{E(path)}</code></td><td><code>{E(value)}</code></td></tr>");
            sb.Append("</table>");
            if (truncated) sb.Append("<div class=\"meta\">first 200 statistics shown; report.json has them all</div>");
            sb.Append("</details>\n");
        }
    }

    private static void Drift(StringBuilder sb, DriftReport d)
    {
        sb.Append($"<h2>Drift against version {d.PreviousVersion}</h2>");
        sb.Append($"<p>rows: {d.PreviousRowCount:N0} before, change {P(d.RowCountChange)} · largest PSI {F(d.MaxPsi)}");
        if (d.NewColumns.Count > 0) sb.Append($" · new columns: {E(string.Join(", ", d.NewColumns))}");
        if (d.VanishedColumns.Count > 0) sb.Append($" · vanished columns: {E(string.Join(", ", d.VanishedColumns))}");
        sb.Append("</p><table><tr><th>column</th><th>PSI</th><th>Jensen-Shannon</th><th>null rate change</th><th>new values</th><th>vanished values</th></tr>");
        foreach (var c in d.Columns.OrderByDescending(c => c.Psi))
        {
            var cls = c.Psi > 0.25 ? " class=\"psi-high\"" : c.Psi > 0.1 ? " class=\"psi-mid\"" : "";
            sb.Append($"<tr{cls}><td>{E(c.Name)}</td><td class=\"n\">{F(c.Psi)}</td><td class=\"n\">{F(c.JensenShannon)}</td><td class=\"n\">{P(c.NullRateChange)}</td>");
            sb.Append($"<td>{E(string.Join(", ", c.NewCategories))}</td><td>{E(string.Join(", ", c.VanishedCategories))}</td></tr>");
        }
        sb.Append("</table>\n");
    }

    private static void Profile(StringBuilder sb, string title, TableProfile t)
    {
        sb.Append($"<h2>{E(title)}</h2><p class=\"meta\">{t.Rows:N0} rows · about {t.DistinctRowsEstimate:N0} distinct rows · distinct counts within ±{P(t.DistinctError)}, quantiles within ±{P(t.QuantileRankError)} of rank</p>");
        sb.Append("<table><tr><th>column</th><th>type</th><th>nulls</th><th></th><th>distinct</th><th>min</th><th>max</th><th>mean</th><th>std</th></tr>");
        foreach (var c in t.Columns)
        {
            sb.Append($"<tr><td>{E(c.Name)}{(c.Sensitive ? " <span class=\"warn\">sensitive</span>" : "")}</td><td>{E(c.Type)}</td><td class=\"n\">{c.Nulls:N0} ({P(c.NullRate)})</td><td>");
            SvgCharts.Fraction(sb, c.NullRate);
            var n = c.Numeric;
            var label = Labeler(c.Type);
            sb.Append($"</td><td class=\"n\">{c.DistinctEstimate:N0}</td><td class=\"n\">{(n is null ? "" : E(label(n.Min)))}</td><td class=\"n\">{(n is null ? "" : E(label(n.Max)))}</td>");
            sb.Append($"<td class=\"n\">{(n is null ? "" : F(n.Mean))}</td><td class=\"n\">{(n is null ? "" : F(n.StdDev))}</td></tr>");
        }
        sb.Append("</table>");
        if (t.Correlations is { Count: > 0 } pairs)
        {
            sb.Append("<h3>Strongest correlations</h3><table class=\"correlations\"><tr><th>column</th><th>column</th><th>Pearson r</th><th>rows</th></tr>");
            foreach (var p in pairs.Where(p => p.Pearson is not null).OrderByDescending(p => Math.Abs(p.Pearson!.Value)).Take(20))
                sb.Append($"<tr><td>{E(p.A)}</td><td>{E(p.B)}</td><td class=\"n\">{F(p.Pearson!.Value)}</td><td class=\"n\">{p.Rows:N0}</td></tr>");
            sb.Append("</table>");
        }
        sb.Append("<div class=\"cols\">");
        foreach (var c in t.Columns) Column(sb, c);
        sb.Append("</div>\n");
    }

    private static void Column(StringBuilder sb, ColumnProfile c)
    {
        sb.Append($"<div class=\"col\"><h3>{E(c.Name)} <span class=\"meta\">{E(c.Type)}</span></h3>");
        var facts = new List<string> { $"{c.Count:N0} values", $"{c.Nulls:N0} null" };
        if (c.NaNs > 0) facts.Add($"{c.NaNs:N0} NaN");
        if (c.Infinities > 0) facts.Add($"{c.Infinities:N0} infinite");
        facts.Add($"~{c.DistinctEstimate:N0} distinct");
        if (c.TrueCount is { } t) facts.Add($"{t:N0} true");
        if (c.Lengths is { } l) facts.Add($"length {l.Min}–{l.Max} (mean {F(l.Mean)})");
        if (c.Shape is { } s) facts.Add($"looks like: {E(s.Verdict.Replace('_', ' '))}");
        sb.Append($"<div class=\"meta\">{string.Join(" · ", facts)}</div>");
        if (c.Sensitive) sb.Append("<p class=\"meta\">Sensitive column: counts only, no values are shown.</p>");
        else if (c.Numeric is { } n)
        {
            SvgCharts.Histogram(sb, n.Histogram, Labeler(c.Type));
            sb.Append("<div class=\"meta\">" + string.Join(" · ", n.Quantiles.Select(q => $"{q.Key} {E(Labeler(c.Type)(q.Value))}")) + "</div>");
        }
        else if (c.TopValues is { Count: > 0 } top)
        {
            SvgCharts.Bars(sb, top.Select(v => (v.Value, v.Count)).ToList(), c.Count);
            if (!c.TopValuesExact) sb.Append("<div class=\"meta\">counts are lower bounds (many distinct values)</div>");
        }
        sb.Append("</div>");
    }

    private static void Inputs(StringBuilder sb, RunMetadata run)
    {
        if (run.Inputs.Count == 0) return;
        sb.Append($"<h2>Inputs</h2><p class=\"meta\">parallelism {run.Parallelism} · batch size {run.BatchSize:N0}</p><table><tr><th>path</th><th>bytes</th><th>sha-256</th></tr>");
        foreach (var i in run.Inputs) sb.Append($"<tr><td><code>{E(i.Path)}</code></td><td class=\"n\">{i.Bytes:N0}</td><td><code>{E(i.Sha256)}</code></td></tr>");
        sb.Append("</table>\n");
    }

    /// <summary>Dates are profiled as days and timestamps as units since 1970; show them as dates.</summary>
    private static Func<double, string> Labeler(string type) => type switch
    {
        "date" => v => double.IsFinite(v) ? DateOnly.FromDayNumber(719_162 + (int)Math.Floor(v)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : F(v),
        _ when type.StartsWith("timestamp", StringComparison.Ordinal) => v => double.IsFinite(v) && Math.Abs(v) < 2.5e17
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(v * 10)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : F(v),
        _ => F,
    };

    private static void Card(StringBuilder sb, string label, string value) => sb.Append($"<div class=\"card\"><b>{E(value)}</b>{E(label)}</div>");

    private static string Bounds(GateResult g) => (g.Min, g.Max) switch
    {
        ({ } lo, { } hi) => $"{F(lo)} – {F(hi)}",
        ({ } lo, null) => $"≥ {F(lo)}",
        (null, { } hi) => $"≤ {F(hi)}",
        _ => "",
    };

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    internal static string E(string s) => WebUtility.HtmlEncode(s);

    internal static string F(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1e6 || (v != 0 && Math.Abs(v) < 1e-3) ? "0.###e0" : "0.####", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    internal static string P(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
