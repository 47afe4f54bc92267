using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using DataPrep.Benchmarks.Harness;
using DataPrep.Data;
using DataPrep.IO;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>hash-rows --data FILE [--limit 1000000] [--repeat 7]</c>: exact dedupe's row hashing on one
/// thread, over every column but <c>id</c> of the file's first rows in 65,536-row batches (read
/// first, not timed): the column-at-a-time encoder (<see cref="RowHasher.Hash"/>) against the
/// row-by-row definition (<see cref="RowHasher.HashRowByRow"/>), interleaved. Prints medians of CPU
/// seconds, rows per CPU-second and the ratio; the two must give the same hashes (checked first).
/// </summary>
internal static class HashRowsCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("hash-rows needs --data FILE"));
        var limit = args.Long("limit", 1_000_000);
        var repeat = args.Int("repeat", 7);
        args.ThrowIfUnused();

        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, Path.GetDirectoryName(file)!);
        var batches = new List<RecordBatch>();
        long rows = 0;
        await foreach (var chunk in source.ReadAsync(file, new ReadRequest(null, 65_536, 2), ct))
        {
            if (rows >= limit) { chunk.Batch.Dispose(); continue; }
            batches.Add(chunk.Batch);
            rows += chunk.Batch.Length;
        }
        var schema = batches[0].Schema;
        var keys = Enumerable.Range(0, schema.FieldsList.Count).Where(c => schema.GetFieldByIndex(c).Name != "id").ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {rows:N0} rows in {batches.Count} batches, key columns: {string.Join(", ", keys.Select(c => schema.GetFieldByIndex(c).Name))}; one thread"));
        foreach (var batch in batches)
            if (!RowHasher.Hash(batch, keys).AsSpan().SequenceEqual(RowHasher.HashRowByRow(batch, keys)))
                throw new InvalidOperationException("the column-at-a-time hashes differ from the definition's");

        var columnwise = new List<double>();
        var rowwise = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            rowwise.Add(Time(RowHasher.HashRowByRow));
            columnwise.Add(Time(RowHasher.Hash));
        }
        double byColumn = Medians.Of(columnwise), byRow = Medians.Of(rowwise);
        Console.WriteLine("| encoder | median CPU s | rows per CPU-s | runs |");
        Console.WriteLine("|---|---:|---:|---|");
        Console.WriteLine(Line("column at a time (Hash)", byColumn, columnwise));
        Console.WriteLine(Line("row by row (HashRowByRow)", byRow, rowwise));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio row-by-row / column-at-a-time: {byRow / byColumn:F2}"));
        foreach (var b in batches) b.Dispose();
        return 0;

        double Time(Func<RecordBatch, IReadOnlyList<int>, UInt128[]> hash)
        {
            // CPU time of this process, not wall time: the loop is on one thread, and on a shared
            // machine the wall clock also counts the time other processes held the core.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var batch in batches) hash(batch, keys);
            return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        }

        string Line(string name, double median, List<double> runs) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {median:F3} | {rows / median:N0} | {string.Join(" ", runs.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))} |");
    }
}
