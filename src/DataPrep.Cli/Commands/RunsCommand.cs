using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataPrep.Commit;
using Spectre.Console;

namespace DataPrep.Cli.Commands;

/// <summary>
/// <c>dataprep runs list|show|prune PIPELINE</c>: the run history of an output root, read from its
/// manifests (every committed run has one), and retention.
/// </summary>
internal static class RunsCommand
{
    public static Command Create() => new("runs", "The committed runs of a pipeline's output root, and retention.")
    {
        List(), Show(), Prune(),
    };

    private static Command List()
    {
        var file = CommonOptions.PipelineFile();
        var command = new Command("list", "One line per committed version, newest first: status, when, duration, refresh, rows.") { file };
        command.SetAction(parse =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var runs = RunHistory.Read(pipeline.OutputRoot);
            var failures = RunHistory.Failures(pipeline.OutputRoot);
            foreach (var f in failures)
            {
                System.Console.Out.WriteLine($"{f.Status} {f.EndedUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss} (run {f.RunId}{(f.ScheduledFor is { } s ? $", slot {s:yyyy-MM-dd HH:mm zzz}" : "")}): {f.Error}; nothing was committed");
            }
            if (runs.Count == 0)
            {
                System.Console.Out.WriteLine($"no committed runs in {pipeline.OutputRoot}");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("version", "status", "committed (UTC)", "duration", "slot", "refresh", "inputs read", "rows read", "written", "quarantined", "dropped", "rows in version");
            foreach (var m in runs)
            {
                table.AddRow(m.Version.ToString(CultureInfo.InvariantCulture), "committed", m.CreatedUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Duration(m), m.ScheduledFor?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) ?? "", Markup.Escape(m.Refresh?.Mode ?? "full"),
                    InputsRead(m).ToString(CultureInfo.InvariantCulture), N(m.Ledger.SourceRows + m.Ledger.SourceQuarantined), N(m.Ledger.RowsWritten),
                    N(m.Ledger.SourceQuarantined + m.Ledger.Steps.Sum(s => s.Quarantined)), N(m.Ledger.Steps.Sum(s => s.Dropped)),
                    N(m.Files.Where(f => f.Role == "data").Sum(f => f.Rows)));
            }
            Print(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var file = CommonOptions.PipelineFile();
        var id = new Argument<string>("id") { Description = "A version number (as in runs list), or a run id." };
        var json = new Option<bool>("--json") { Description = "Print the manifest itself." };
        var command = new Command("show", "One run: its refresh, inputs read, row funnel and files.") { file, id, json };
        command.SetAction(parse =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var key = parse.GetValue(id)!;
            var m = RunHistory.Read(pipeline.OutputRoot).FirstOrDefault(r =>
                r.RunId == key || (int.TryParse(key.TrimStart('v'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && r.Version == v));
            if (m is null)
            {
                System.Console.Error.WriteLine($"error: no committed run '{key}' in {pipeline.OutputRoot}; see dataprep runs list");
                return ExitCodes.InvalidDefinition;
            }
            if (parse.GetValue(json))
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(m, Manifest.Json));
                return ExitCodes.Ok;
            }
            var o = System.Console.Out;
            o.WriteLine($"version {m.Version} of {pipeline.OutputRoot}: committed at {m.CreatedUtc:u}, run {m.RunId}, took {Duration(m)}");
            if (m.ScheduledFor is { } slot) o.WriteLine($"  scheduled for {slot:yyyy-MM-dd HH:mm zzz}");
            if (m.Refresh is { } r) o.WriteLine($"  refresh: {r.Mode} ({r.Reason}); inputs: {r.Added} new, {r.Changed} changed, {r.Removed} removed, {r.Unchanged} carried over");
            if (m.Watermark is { } w) o.WriteLine($"  watermark: {w:u}");
            o.WriteLine($"  rows: {N(m.Ledger.SourceRows + m.Ledger.SourceQuarantined)} read, {N(m.Ledger.RowsWritten)} written; {N(m.Files.Where(f => f.Role == "data").Sum(f => f.Rows))} in the version");
            foreach (var s in m.Ledger.Steps) o.WriteLine($"  step {s.Id} ({s.Step}): in {N(s.RowsIn)}, out {N(s.RowsOut)}, quarantined {N(s.Quarantined)}, dropped {N(s.Dropped)}, {s.Seconds:F2} s");
            o.WriteLine($"  inputs read by this run ({InputsRead(m)} of {m.Inputs.Count}):");
            foreach (var i in m.Inputs.Where(i => i.ReadInVersion is null || i.ReadInVersion == m.Version)) o.WriteLine($"    {i.Path} ({N(i.Bytes)} bytes, modified {i.ModifiedUtc:u})");
            o.WriteLine("  files:");
            foreach (var f in m.Files) o.WriteLine($"    {f.Role,-10} {f.Path} ({N(f.Rows)} rows)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Prune()
    {
        var file = CommonOptions.PipelineFile();
        var keep = new Option<int>("--keep") { Description = "Keep this many newest versions (at least 1; the newest is always kept).", DefaultValueFactory = _ => 1 };
        var days = new Option<double?>("--older-than-days") { Description = "Only remove versions committed more than this many days ago." };
        var command = new Command("prune", "Remove old versions (and files no kept version lists) and staging folders of dead runs, under the output root's lease.") { file, keep, days };
        command.SetAction(parse =>
        {
            var pipeline = DefinitionErrors.TryLoad(parse.GetValue(file)!);
            if (pipeline is null) return ExitCodes.InvalidDefinition;
            var root = pipeline.OutputRoot;
            if (!Directory.Exists(root))
            {
                System.Console.Out.WriteLine($"nothing to prune: {root} does not exist");
                return ExitCodes.Ok;
            }
            try
            {
                using var lease = WriterLease.Acquire(root, TimeProvider.System, "dataprep runs prune");
                var window = parse.GetValue(days) is { } d ? TimeSpan.FromDays(d) : (TimeSpan?)null;
                var removed = Retention.Apply(root, parse.GetValue(keep), window, DateTimeOffset.UtcNow);
                System.Console.Out.WriteLine(removed.Count == 0 ? "nothing to prune" : $"removed version(s) {string.Join(", ", removed)}");
                return ExitCodes.Ok;
            }
            catch (LeaseHeldException e)
            {
                System.Console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.LeaseHeld;
            }
        });
        return command;
    }

    private static int InputsRead(Manifest m) => m.Inputs.Count(i => i.ReadInVersion is null || i.ReadInVersion == m.Version);

    private static string Duration(Manifest m) =>
        m.StartedUtc is { } s ? (m.CreatedUtc - s).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s" : "";

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static void Print(Table table)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected) console.Profile.Width = 200;
        console.Write(table);
    }
}
