using DataPrep.Execution;
using Spectre.Console;

namespace DataPrep.Cli.Output;

/// <summary>The table printed after a committed run: the row funnel per step and the files written.</summary>
internal static class RunSummary
{
    public static void Print(RunResult result)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 160; // logs: do not wrap at a guessed 80 columns
        var ledger = result.Ledger;
        var table = new Table().AddColumns("step", "in", "out", "quarantined", "dropped", "seconds");
        table.AddRow("source", (ledger.SourceRows + ledger.SourceQuarantined).ToString("N0"), ledger.SourceRows.ToString("N0"),
            ledger.SourceQuarantined.ToString("N0"), "0", "");
        foreach (var s in ledger.Steps)
            table.AddRow(Markup.Escape(s.StepId), s.RowsIn.ToString("N0"), s.RowsOut.ToString("N0"), s.Quarantined.ToString("N0"), s.Dropped.ToString("N0"), s.Elapsed.TotalSeconds.ToString("F2"));
        console.Write(table);
        var m = result.Manifest;
        console.WriteLine($"committed version {m.Version} of {result.Plan.OutputRoot}: {ledger.RowsWritten:N0} rows written, {ledger.Quarantined:N0} quarantined, {ledger.Dropped:N0} dropped");
        if (m.Refresh is { } refresh)
            console.WriteLine($"  refresh: {refresh.Mode} ({refresh.Reason}); inputs: {refresh.Added} new, {refresh.Changed} changed, {refresh.Removed} removed, {refresh.Unchanged} carried over");
        foreach (var f in m.Files) console.WriteLine($"  {f.Role,-10} {f.Path} ({f.Rows:N0} rows, {f.Bytes:N0} bytes)");
        if (ledger.FilesUnreadable > 0) console.WriteLine($"  {ledger.FilesUnreadable} input file(s) could not be read; see the quarantine");
        if (result.Report is { } report) ReportSummary.Print(report, console);
    }
}
