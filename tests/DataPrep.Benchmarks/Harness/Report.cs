using System.Globalization;
using System.Text;

namespace DataPrep.Benchmarks.Harness;

/// <summary>The Markdown report: context, one table row per scenario, and how to read it.</summary>
internal static class Report
{
    public static string Render(string title, MachineInfo machine, BenchSettings settings, IEnumerable<string> dataLines, IReadOnlyList<ScenarioResult> results)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(title).Append("\n\n");
        md.Append(Invariant($"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC\n\n"));
        foreach (var line in machine.Lines().Concat(dataLines)) md.Append("- ").Append(line).Append('\n');
        md.Append(Invariant($"- Runs: {settings.Warmup} warm-up + {settings.Repeat} timed per engine, interleaved; DuckDB threads = DataPrep read parallelism = {settings.Threads}\n"));
        md.Append("- DataPrep CLI: ").Append(settings.DataPrepCli ?? "not run").Append("\n\n");

        md.Append("| scenario | DataPrep median s | DuckDB median s | ratio | DataPrep peak MiB | rows | DataPrep min s | DuckDB min s | DuckDB peak MiB | check |\n");
        md.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var r in results)
        {
            var dp = r.DataPrep.Count > 0 ? r.DataPrep : null;
            var duck = r.DuckDb.Count > 0 ? r.DuckDb : null;
            var ratio = dp is not null && duck is not null ? Invariant($"{dp.Median / duck.Median:F2}") : "n/a";
            md.Append(Invariant($"| {r.Label} | {Seconds(dp, r.DataPrepFailed, s => s.Median)} | {Seconds(duck, r.DuckDbFailed, s => s.Median)} | {ratio} | "));
            md.Append(Invariant($"{MiB(dp?.PeakMiB)} | {r.ExpectedRows:N0} | {Seconds(dp, r.DataPrepFailed, s => s.Min)} | {Seconds(duck, r.DuckDbFailed, s => s.Min)} | {MiB(duck?.PeakMiB)} | "));
            md.Append(r.Problems.Count == 0 ? "ok" : "**" + r.Problems.Count + " problem(s)**").Append(" |\n");
        }

        var problems = results.SelectMany(r => r.Problems.Select(p => $"{r.Label}: {p}")).ToArray();
        if (problems.Length > 0)
        {
            md.Append("\n## Problems\n\n");
            foreach (var p in problems) md.Append("- ").Append(p.Replace("\n", " / ", StringComparison.Ordinal)).Append('\n');
        }

        md.Append("""

            ## How to read this

            - ratio = DataPrep median / DuckDB median; above 1 means DataPrep is slower.
            - rows = rows each engine must produce (scan: rows read; dedupe: input minus the 3 % exact duplicates). Every run's output is counted; a mismatch is listed under Problems.
            - DataPrep copy and dedupe: wall time of `dotnet dataprep.dll run pipeline.yaml` in a fresh process, runtime start-up and pipeline validation included. DataPrep scan: time measured inside a fresh child process around the read loop (start-up excluded), as DuckDB's in-process time excludes it.
            - DataPrep peak: the child's VmHWM (peak RSS), polled every 20 ms; the largest over the timed runs.
            - DuckDB runs in the harness process (`SET threads`), in a fresh in-memory database per statement that is closed after it (so that its memory is freed before the next run, as a DataPrep run's is when its process exits); its peak is the harness's VmHWM reset just before each query, so it includes the harness's own .NET runtime (tens of MiB). Before every timed run the harness calls sync(2), so no run is billed for the writeback of the one before.
            - DuckDB SQL: scan aggregates every column (strings through strlen); copy is `COPY (SELECT * ...)` to Parquet (Snappy, 131,072-row groups on both sides) with insertion order kept, as DataPrep keeps it; dedupe is `SELECT min(id) AS id, <other columns> ... GROUP BY ALL`, the fastest correct formulation measured (see `probe-dedupe`); its output is in hash order, DataPrep's in input order.

            """);
        return md.ToString();
    }

    private static string Seconds(Samples? samples, bool failed, Func<Samples, double> pick) =>
        samples is null ? (failed ? "failed" : "n/a") : Invariant($"{pick(samples):F2}");

    private static string MiB(double? mib) => mib is { } m ? Invariant($"{m:F0}") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
