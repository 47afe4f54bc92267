using System.Globalization;
using System.Text;
using DataPrep.Benchmarks.Peers;
using DataPrep.Benchmarks.Profiling;
using DataPrep.IO;
using Parquet;
using Mode = DataPrep.Benchmarks.Profiling.ParquetNetProbe.StringMode;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>parquet-profile --data FILE [--parts columns,scan,copy] [--repeat 3] [--threads 2] [--report FILE.md] [--copy-to FILE]</c>:
/// where the Parquet read and write time goes, per column, split into Parquet.Net's own time and
/// DataPrep's conversion; then the whole-file scan and an in-process copy (read + write). Each
/// figure is the median of the repeats; <c>--copy-to</c> keeps the copy (to compare builds byte for byte). Single-threaded per column, so run nothing else beside it.
/// </summary>
internal static class ParquetProfileCommand
{
    private static readonly string[] Parts = ["columns", "scan", "copy"];

    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("parquet-profile needs --data FILE"));
        var parts = args.List("parts", string.Join(',', Parts));
        var repeat = Math.Max(1, args.Int("repeat", 3));
        var threads = Math.Max(1, args.Int("threads", 2));
        var reportPath = args.String("report");
        var copyTo = args.String("copy-to");
        args.ThrowIfUnused();
        if (parts.FirstOrDefault(p => !Parts.Contains(p)) is { } bad) throw new UsageException($"--parts: unknown part '{bad}'");
        if (!File.Exists(file)) throw new UsageException($"--data: {file} does not exist");

        var report = new StringBuilder();
        report.AppendLine(Invariant($"# Parquet profile: {Path.GetFileName(file)}, {repeat} repeats (median), {Environment.ProcessorCount} cores, GC conserve {Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? "default"}"));
        if (parts.Contains("columns")) await ColumnsAsync(file, repeat, report, ct);
        if (parts.Contains("scan"))
        {
            var (rows, seconds) = await MedianAsync(repeat, async () => { var r = await DataPrepProbe.ScanAsync(file, threads, ct); return (r.Rows, r.Elapsed.TotalSeconds); });
            report.AppendLine(Invariant($"\nscan (all columns, batch 65,536, parallelism {threads}): {seconds:F3} s, {rows:N0} rows, peak RSS so far {PeakMiB()}"));
        }
        if (parts.Contains("copy"))
        {
            var output = copyTo is null ? Path.Combine(Path.GetTempPath(), $"dp-profile-copy-{Environment.ProcessId}.parquet") : Path.GetFullPath(copyTo);
            try
            {
                var (rows, seconds) = await MedianAsync(repeat, async () => { var r = await DataPrepProbe.CopyAsync(file, output, threads, ct); return (r.Rows, r.Elapsed.TotalSeconds); });
                report.AppendLine(Invariant($"\ncopy (scan into the Parquet sink, Snappy, parallelism {threads}): {seconds:F3} s, {rows:N0} rows, {new FileInfo(output).Length / 1048576.0:F1} MiB out, peak RSS so far {PeakMiB()}"));
            }
            finally
            {
                if (copyTo is null) File.Delete(output);
            }
        }
        Console.Write(report);
        if (reportPath is not null) await File.WriteAllTextAsync(reportPath, report.ToString(), ct);
        return 0;
    }

    private static async Task ColumnsAsync(string file, int repeat, StringBuilder report, CancellationToken ct)
    {
        report.AppendLine();
        report.AppendLine("Seconds for one pass over the whole file. PQ = Parquet.Net alone (chars: ReadOnlyMemory<char>; bytes: ReadOnlyMemory<byte>");
        report.AppendLine("through a byte[] view of the column); DP = DataPrep's decoder/encoder end to end; ours = DP minus the fastest PQ.");
        report.AppendLine();
        report.AppendLine("| column | type | PQ read chars | PQ read bytes | DP read | ours | PQ write chars | PQ write bytes | PQ write, no compression | DP write | ours |");
        report.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        await using var reader = await ParquetReader.CreateAsync(file, new ParquetOptions { UseDateOnlyTypeForDates = true }, ct);
        using var output = new MemoryStream();
        var totals = new double[9];
        foreach (var field in reader.Schema.GetDataFields())
        {
            var isString = ParquetNetProbe.IsString(field);
            var row = new double?[9];
            row[0] = await SumGroupsAsync(reader, repeat, g => ParquetNetProbe.ReadAsync(g, field, Mode.Chars, ct));
            if (isString) row[1] = await SumGroupsAsync(reader, repeat, g => ParquetNetProbe.ReadAsync(g, field, Mode.Bytes, ct));
            row[2] = (await MedianAsync(repeat, async () => { var r = await DataPrepProbe.ReadColumnAsync(file, field.Name, ct); Dispose(r.Batches); return (0L, r.Elapsed.TotalSeconds); })).Seconds;
            row[3] = row[2] - Math.Min(row[0]!.Value, row[1] ?? double.MaxValue);
            row[4] = await WriteGroupsAsync(reader, field, Mode.Chars, CompressionMethod.Snappy, output, repeat, ct);
            if (isString) row[5] = await WriteGroupsAsync(reader, field, Mode.Bytes, CompressionMethod.Snappy, output, repeat, ct);
            row[6] = await WriteGroupsAsync(reader, field, isString ? Mode.Bytes : Mode.Chars, CompressionMethod.None, output, repeat, ct);
            var (_, batches) = await DataPrepProbe.ReadColumnAsync(file, field.Name, ct);
            row[7] = (await MedianAsync(repeat, async () => { output.SetLength(0); return (0L, (await DataPrepProbe.WriteAsync(batches, output, ParquetCompression.Snappy, ct)).TotalSeconds); })).Seconds;
            Dispose(batches);
            row[8] = row[7] - Math.Min(row[4]!.Value, row[5] ?? double.MaxValue);
            for (var i = 0; i < row.Length; i++) totals[i] += row[i] ?? (i is 1 or 5 ? row[i - 1] ?? 0 : 0);
            report.AppendLine($"| {field.Name} | {field.ClrType.Name}{(field.IsNullable ? "?" : "")} | {string.Join(" | ", row.Select(Seconds))} |");
        }
        report.AppendLine($"| **all** | | {string.Join(" | ", totals.Select(t => Seconds(t)))} |");
        report.AppendLine("\n(the *all* row counts the chars figure where a column has no bytes figure)");
    }

    private static async Task<double> SumGroupsAsync(ParquetReader reader, int repeat, Func<ParquetRowGroupReader, Task<TimeSpan>> read) =>
        (await MedianAsync(repeat, async () =>
        {
            var total = TimeSpan.Zero;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                total += await read(group);
            }
            return (0L, total.TotalSeconds);
        })).Seconds;

    private static async Task<double> WriteGroupsAsync(ParquetReader reader, Parquet.Schema.DataField field, Mode mode, CompressionMethod compression,
        MemoryStream output, int repeat, CancellationToken ct)
    {
        var total = 0.0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            Func<ParquetRowGroupWriter, Parquet.Schema.DataField, CancellationToken, Task> write;
            using (var group = reader.OpenRowGroupReader(g)) write = await ParquetNetProbe.PrepareWriteAsync(group, field, mode, ct);
            total += (await MedianAsync(repeat, async () => { output.SetLength(0); return (0L, (await ParquetNetProbe.WriteAsync(field, write, output, compression, ct)).TotalSeconds); })).Seconds;
        }
        return total;
    }

    /// <summary>Runs <paramref name="run"/> <paramref name="repeat"/> times after a full collection each; the median seconds.</summary>
    private static async Task<(long Rows, double Seconds)> MedianAsync(int repeat, Func<Task<(long Rows, double Seconds)>> run)
    {
        var samples = new List<(long Rows, double Seconds)>();
        for (var i = 0; i < repeat; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            samples.Add(await run());
        }
        return samples.OrderBy(s => s.Seconds).ElementAt(samples.Count / 2);
    }

    private static void Dispose(List<Apache.Arrow.RecordBatch> batches)
    {
        foreach (var batch in batches) batch.Dispose();
    }

    private static string Seconds(double? seconds) => seconds is { } s ? Invariant($"{s:F3}") : "–";

    private static string PeakMiB() => PeakMemory.Self() is { } kib ? Invariant($"{kib / 1024.0:F0} MiB") : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
