namespace DataPrep.Benchmarks;

internal static class Usage
{
    private const string Text = """
        DataPrep end-to-end benchmarks. Run with:
          dotnet run -c Release --project tests/DataPrep.Benchmarks -- COMMAND [options]

          generate --out FILE [--rows 10M] [--seed 1] [--verify]
              Write the reference data set (prints its SHA-256); --verify writes it twice and compares.
          check --data FILE
              Profile a reference file with DuckDB and check its exact duplicate count.
          e2e [--data FILE] [--rows 10M] [--scenarios scan,copy,dedupe,reference] [--repeat 3] [--warmup 1]
              [--dataprep PATH/dataprep.dll] [--work DIR] [--report FILE.md] [--engines dataprep,duckdb] [--threads 2] [--seed 1]
              Time DataPrep against DuckDB, interleaved; generates --data (default WORK/ref-ROWS.parquet) when missing.
          smoke [same options]
              e2e with CI defaults: --rows 100k --repeat 1 --work $TMP/dpbench-smoke.
          memory [--rows 10M,20M] [--repeat 1] [--warmup 0] [same options as e2e]
              The copy scenario at each size, to show peak memory does not grow with rows.
          probe-dedupe --data FILE [--threads 2] [--work DIR]
              Time each correct DuckDB dedupe formulation once.
          hash-rows --data FILE [--limit 1000000] [--repeat 7]
              Exact dedupe's row hashing on one thread (all columns but id): column-at-a-time encoder vs the row-by-row definition.
          key-table [--keys 10000000] [--batch 65536] [--threads 1,2] [--repeat 3]
              Keep-first dedupe's seen-keys table alone: KeyTable at each thread count against a Dictionary; time and bytes held.
          gc-profile (--pipeline FILE | --scan FILE.parquet) [--every 250] [--live]
              Runs a pipeline (or the scan) in-process and samples the GC: working set, committed, heap after the last collection, LOH, allocated.
          snappy --data FILE [--repeat 7] [--only ours|snappier]
              Snappy page decompression on one thread over the first row group's pages: SnappyBlock vs Snappier, MB/s per column.
          parquet-profile --data FILE [--parts columns,scan,copy] [--repeat 3] [--threads 2] [--report FILE.md] [--copy-to FILE]
              Per-column Parquet read/write time, Parquet.Net's own vs DataPrep's conversion; scan and in-process copy.
          report-cost --data FILE [--repeat 3] [--work DIR] [--dataprep PATH/dataprep.dll] [--with-step]
              The copy scenario plain, with a report without profiles and with the full report, interleaved;
              wall and CPU (user+sys) medians and ratios. --with-step adds a one-step (rename) pair, where
              source and sink are both profiled.
          report-size [--rows 1M] [--columns 200] [--out FILE.html]
              Profile a generated wide table in memory; size of its HTML report (exit 1 at 5 MiB or more).
          near-dedupe --data FILE [--column txt] [--threads 1,NCPU] [--repeat 3] [--batch 65536]
              [--shingle char|word] [--n 5] [--bands 20] [--rows 5] [--no-verify]
              Near-duplicate dedupe step throughput on a text column, MB of text per second per core.
          privacy --data FILE [--column txt] [--repeat 5] [--limit N]
              One thread: redact_pii, pseudonymize (hex, format-preserving) and encrypt on a text column, MB/s and values/s,
              against one unkeyed SHA-256 per value and a reused HMAC measured in the same run.
          serve-latency [--requests 2000] [--warmup 300]
              Per-record latency of examples/serve-api (loopback HTTP, one record per request) against the batch run per record.
          telemetry-overhead [--rows 1M] [--batch-size 8192] [--repeat 7]
              An in-memory run with every span and counter recorded by listeners against the same run with none, interleaved.

        Default work folder: $TMP/dpbench. Default DataPrep CLI: src/DataPrep.Cli/bin/Release/net10.0/dataprep.dll
        under the folder holding DataPrep.sln. Exit codes: 0 ok, 1 a run failed or miscounted, 2 bad usage or setup.
        """;

    public static int Print() => Print(Console.Out);

    public static int Print(TextWriter writer)
    {
        writer.WriteLine(Text);
        return 0;
    }
}
