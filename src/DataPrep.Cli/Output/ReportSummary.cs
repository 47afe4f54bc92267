using System.Globalization;
using DataPrep.Reports;
using Spectre.Console;

namespace DataPrep.Cli.Output;

/// <summary>The report's console form: columns (nulls, distinct, range), gates and drift, as tables.</summary>
internal static class ReportSummary
{
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (System.Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }

    public static void Print(QualityReport report, IAnsiConsole console)
    {
        if ((report.Sink ?? report.Source) is { } profile)
        {
            var table = new Table { Title = new TableTitle(report.Sink is not null ? "sink profile" : "profile") }
                .AddColumns("column", "type", "nulls", "distinct", "min", "max", "mean", "top / shape");
            foreach (var c in profile.Columns)
            {
                var n = c.Numeric;
                var top = c.Sensitive ? "sensitive: counts only"
                    : c.TopValues is { Count: > 0 } t && n is null ? string.Join(", ", t.Take(3).Select(v => $"{v.Value} ({v.Count:N0})")) : c.Shape?.Verdict ?? "";
                table.AddRow(Markup.Escape(c.Name), Markup.Escape(c.Type), $"{c.Nulls:N0} ({P(c.NullRate)})", $"~{c.DistinctEstimate:N0}",
                    n is null ? "" : F(n.Min), n is null ? "" : F(n.Max), n is null ? "" : F(n.Mean), Markup.Escape(top.Length > 48 ? top[..47] + "…" : top));
            }
            console.Write(table);
        }
        var m = report.Metrics;
        console.WriteLine($"quarantined {P(m.QuarantineRate)}, dropped {P(m.DropRate)}, duplicates {P(m.DuplicateRate)}{(m.DuplicateRateExact ? "" : " (estimated)")}");
        if (report.Drift is { } d)
        {
            var drift = new Table { Title = new TableTitle($"drift against version {d.PreviousVersion}: rows {P(d.RowCountChange)}") }.AddColumns("column", "PSI", "JS", "new / vanished values");
            foreach (var c in d.Columns.OrderByDescending(c => c.Psi).Take(10))
                drift.AddRow(Markup.Escape(c.Name), F(c.Psi), F(c.JensenShannon), Markup.Escape(string.Join(", ", c.NewCategories.Select(v => "+" + v).Concat(c.VanishedCategories.Select(v => "-" + v)))));
            console.Write(drift);
        }
        PrintGates(report, console);
    }

    public static void PrintGates(QualityReport report, TextWriter writer) => PrintGates(report, Console(writer));

    private static void PrintGates(QualityReport report, IAnsiConsole console)
    {
        if (report.Gates.Count == 0) return;
        var table = new Table { Title = new TableTitle("gates") }.AddColumns("metric", "value", "severity", "result");
        foreach (var g in report.Gates)
            table.AddRow(Markup.Escape(g.Metric), g.Value is { } v ? F(v) : "-", g.Severity,
                g.Passed ? "[green]passed[/]" : g.Severity == "warn" ? "[yellow]failed (warn)[/]" : "[red]FAILED[/]");
        console.Write(table);
        foreach (var g in report.Gates.Where(g => !g.Passed)) console.WriteLine($"  {g.Severity}: {g.Message}");
    }

    private static string P(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static string F(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1e6 ? "0.###e0" : "0.####", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);
}
