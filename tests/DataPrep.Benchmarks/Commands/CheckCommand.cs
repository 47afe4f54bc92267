using System.Globalization;
using DataPrep.Benchmarks.Generation;
using DataPrep.Benchmarks.Peers;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>check --data FILE</c>: profiles a reference file with DuckDB (an independent reader) and
/// checks the exact duplicate count. Exits 1 when the duplicates or row groups are not as designed.
/// </summary>
internal static class CheckCommand
{
    private static readonly string[] Nullable = ["f1", "f2", "f3", "f4", "f5", "f6", "cat1", "cat2", "txt"];

    public static int Run(CommandLine args)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("check needs --data FILE"));
        args.ThrowIfUnused();
        var duck = new DuckDbPeer(Environment.ProcessorCount);
        var source = $"read_parquet({DuckDbPeer.Literal(file)})";

        Print(duck, $"SELECT count(*) AS rows, count(DISTINCT id) AS distinct_ids, min(id) AS min_id, max(id) AS max_id, avg(label) AS label_rate FROM {source}");
        Print(duck, "SELECT " + string.Join(", ", Nullable.Select(c => $"round(avg(({c} IS NULL)::DOUBLE), 4) AS {c}_null")) + $" FROM {source}");
        foreach (var f in Nullable.Take(6))
            Print(duck, $"SELECT '{f}' AS col, avg({f}) AS mean, stddev({f}) AS sd, min({f}) AS min, quantile_cont({f}, 0.5) AS median, quantile_cont({f}, 0.99) AS p99, max({f}) AS max FROM {source}");
        Print(duck, $"SELECT cat1, round(count(*) / (SELECT count(*) FROM {source}), 4) AS share FROM {source} GROUP BY cat1 ORDER BY share DESC");
        Print(duck, $"SELECT count(DISTINCT cat2) AS cat2_values, avg(length(txt)) AS txt_avg_len, min(length(txt)) AS txt_min_len, max(length(txt)) AS txt_max_len, " +
                    $"avg(regexp_matches(txt, '[a-z]+\\.[a-z]+[0-9]*@[a-z.]+')::DOUBLE) AS email_rate, " +
                    $"avg(regexp_matches(txt, '[0-9]{{3}}-[0-9]{{4}}|[0-9]{{4}} [0-9]{{4}}')::DOUBLE) AS phone_rate FROM {source}");
        Print(duck, $"SELECT count(*) AS row_groups, min(n) AS min_rows, max(n) AS max_rows, any_value(c) AS compression FROM " +
                    $"(SELECT row_group_id, any_value(row_group_num_rows) AS n, any_value(compression) AS c FROM parquet_metadata({DuckDbPeer.Literal(file)}) GROUP BY row_group_id)");

        // DISTINCT treats NULLs as equal, which is what an exact dedupe needs.
        var rows = Convert.ToInt64(duck.Scalar($"SELECT count(*) FROM {source}"), CultureInfo.InvariantCulture);
        var distinct = Convert.ToInt64(duck.Scalar($"SELECT count(*) FROM (SELECT DISTINCT {DuckDbPeer.ColumnsButId} FROM {source})"), CultureInfo.InvariantCulture);
        var expected = DatasetLayout.DuplicatesFor(rows);
        var ok = rows - distinct == expected;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"duplicates on all columns but id: {rows - distinct:N0} (expected {expected:N0}) -> {(ok ? "OK" : "MISMATCH")}; rows after dedupe: {distinct:N0}"));
        return ok ? 0 : 1;
    }

    private static void Print(DuckDbPeer duck, string sql)
    {
        var (columns, rows) = duck.Query(sql);
        foreach (var row in rows)
            Console.WriteLine(string.Join("  ", columns.Select((c, i) => $"{c}={Format(row[i])}")));
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
