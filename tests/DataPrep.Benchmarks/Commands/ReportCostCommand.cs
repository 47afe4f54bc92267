using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Benchmarks.Harness;
using DataPrep.Benchmarks.Peers;
using DataPrep.Reports;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>report-cost</c>: the copy scenario with and without the quality report (profiles of source and
/// sink, HTML, JSON, Markdown), interleaved, medians and their ratio.
/// <c>report-size</c>: the HTML report of a generated wide table (default 200 columns × 1M rows).
/// </summary>
internal static class ReportCostCommand
{
    public static async Task<int> CostAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("report-cost needs --data FILE (a reference file from 'generate')"));
        var repeat = args.Int("repeat", 3);
        var work = Path.GetFullPath(args.String("work", Path.Combine(Path.GetTempPath(), "dpbench-report")));
        var cli = DataPrepRunner.LocateCli(args.String("dataprep"));
        var withStep = args.Flag("with-step");
        args.ThrowIfUnused();
        Directory.CreateDirectory(work);
        var runner = new DataPrepRunner(cli, work);
        var sink = Path.Combine(work, "out");
        var variants = new (string Name, string Steps)[]
        {
            ("plain", "[]"),
            ("funnel", "[]\nreport: { profile: false, formats: [json, html, markdown] }"),
            ("report", "[]\nreport: { formats: [json, html, markdown] }"),
        };
        // With no step the sink profile is the source profile; one pass-through step makes the run profile both.
        const string step = "[ { rename: { columns: { f1: f1_renamed } } } ]";
        if (withStep) variants = [.. variants, ("plain-step", step), ("report-step", step + "\nreport: { formats: [json, html, markdown] }")];
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var i = -1; i < repeat; i++)
        {
            foreach (var (name, steps) in variants)
            {
                var r = await runner.RunPipelineAsync("report-cost-" + name, file, sink, steps, cancellationToken);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} {(i < 0 ? "warm-up" : $"run {i + 1}/{repeat}")}: {r.Seconds:F2} s, CPU {r.CpuSeconds:F2} s, peak {r.PeakKiB / 1024.0:F0} MiB"));
                if (i < 0) continue;
                times[name].Add(r.Seconds);
                if (r.CpuSeconds is { } c) cpu[name].Add(c);
            }
        }
        DataPrepRunner.DeleteDirectory(sink);
        var plain = Medians.Of(times["plain"]);
        var withReport = Medians.Of(times["report"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"copy of {Path.GetFileName(file)} (medians of {repeat}): wall plain {plain:F2} s, with report {withReport:F2} s, ratio {withReport / plain:F3}; " +
            $"report without profiles: wall {Medians.Of(times["funnel"]):F2} s"));
        if (cpu["plain"].Count == repeat)
        {
            // CPU time (user + system) does not grow with the load of a shared machine the way wall time does.
            var plainCpu = Medians.Of(cpu["plain"]);
            var reportCpu = Medians.Of(cpu["report"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU (user+sys) plain {plainCpu:F2} s, report without profiles {Medians.Of(cpu["funnel"]):F2} s, with report {reportCpu:F2} s; ratio {reportCpu / plainCpu:F3} (+{(reportCpu / plainCpu - 1) * 100:F1} %)"));
            if (withStep)
            {
                var (p, r) = (Medians.Of(cpu["plain-step"]), Medians.Of(cpu["report-step"]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"CPU (user+sys) with one rename step (source and sink both profiled): plain {p:F2} s, with report {r:F2} s; ratio {r / p:F3} (+{(r / p - 1) * 100:F1} %)"));
            }
        }
        return 0;
    }

    public static async Task<int> SizeAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var rows = args.Long("rows", 1_000_000);
        var columns = args.Int("columns", 200);
        var output = args.String("out");
        args.ThrowIfUnused();
        var schema = WideSchema(columns);
        var clock = Stopwatch.StartNew();
        var report = await DatasetProfiler.ProfileBatchesAsync(schema, WideBatches(schema, rows, 65_536), "wide", cancellationToken: cancellationToken);
        var profiled = clock.Elapsed.TotalSeconds;
        var html = HtmlReport.Render(report);
        var json = ReportJson.Serialize(report);
        if (output is not null) await File.WriteAllTextAsync(output, html, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{columns} columns × {rows:N0} rows: profiled in {profiled:F1} s; HTML {html.Length / 1024.0 / 1024.0:F2} MiB ({System.Text.Encoding.UTF8.GetByteCount(html):N0} bytes), JSON {json.Length / 1024.0 / 1024.0:F2} MiB"));
        return System.Text.Encoding.UTF8.GetByteCount(html) < 5 * 1024 * 1024 ? 0 : 1;
    }

    /// <summary>Mostly floats, then integers, categorical text, free text and dates, in a repeating pattern.</summary>
    private static Schema WideSchema(int columns) => new(Enumerable.Range(0, columns).Select(i => (i % 10) switch
    {
        < 5 => new Field($"f{i:D3}", DoubleType.Default, true),
        5 or 6 => new Field($"n{i:D3}", Int64Type.Default, true),
        7 => new Field($"cat{i:D3}", StringType.Default, true),
        8 => new Field($"txt{i:D3}", StringType.Default, true),
        _ => new Field($"d{i:D3}", Date32Type.Default, true),
    }), null);

    private static async IAsyncEnumerable<RecordBatch> WideBatches(Schema schema, long rows, int batchSize)
    {
        for (long start = 0; start < rows; start += batchSize)
        {
            var n = (int)Math.Min(batchSize, rows - start);
            var arrays = new IArrowArray[schema.FieldsList.Count];
            for (var c = 0; c < arrays.Length; c++) arrays[c] = Column(schema.GetFieldByIndex(c), c, start, n);
            yield return new RecordBatch(schema, arrays, n);
            await Task.Yield();
        }
    }

    private static IArrowArray Column(Field field, int c, long start, int n)
    {
        var random = new Random(unchecked((int)(start * 7919 + c)));
        switch (field.DataType)
        {
            case DoubleType:
                var d = new DoubleArray.Builder();
                for (var i = 0; i < n; i++) { if (random.Next(20) == 0) d.AppendNull(); else d.Append(random.NextDouble() * 100 + c); }
                return d.Build();
            case Int64Type:
                var l = new Int64Array.Builder();
                for (var i = 0; i < n; i++) l.Append(random.Next(1000));
                return l.Build();
            case Date32Type:
                var t = new Date32Array.Builder();
                for (var i = 0; i < n; i++) t.Append(new DateTime(2020, 1, 1).AddDays(random.Next(1500)));
                return t.Build();
            default:
                var s = new StringArray.Builder();
                var free = field.Name.StartsWith("txt", StringComparison.Ordinal);
                for (var i = 0; i < n; i++) s.Append(free ? $"row {start + i} note {random.Next()}" : $"value_{random.Next(30)}");
                return s.Build();
        }
    }
}

/// <summary><c>report-columns --data FILE</c>: single-threaded profiling time per column of a file held in memory.</summary>
internal static class ReportColumnsCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("report-columns needs --data FILE"));
        var repeat = args.Int("repeat", 3);
        args.ThrowIfUnused();
        var source = DataPrep.IO.Formats.CreateSource(new DataPrep.IO.SourceOptions { Parquet = new() { Path = file } }, "/");
        var schema = await source.ReadSchemaAsync(file, cancellationToken);
        var batches = new List<RecordBatch>();
        await foreach (var chunk in source.ReadAsync(file, new DataPrep.IO.ReadRequest(null, 65_536, 2), cancellationToken)) batches.Add(chunk.Batch);
        var rows = batches.Sum(b => (long)b.Length);
        async Task<double> TimeAsync(Schema s, Func<RecordBatch, RecordBatch> pick)
        {
            var best = double.MaxValue;
            for (var i = 0; i < repeat; i++)
            {
                // Process CPU time, not wall time: the profile runs on one thread, and a shared machine's load does not inflate it.
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                await DatasetProfiler.ProfileBatchesAsync(s, batches.Select(pick).ToAsyncEnumerable(), "x", parallelism: 1, keepBatches: true, cancellationToken: cancellationToken);
                best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
            }
            return best;
        }
        var all = await TimeAsync(schema, b => b);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {schema.FieldsList.Count} columns, {rows:N0} rows, 1 thread: {all:F3} s CPU ({all * 1e9 / rows / schema.FieldsList.Count:F1} ns per value); best of {repeat}"));
        for (var c = 0; c < schema.FieldsList.Count; c++)
        {
            var one = new Schema([schema.GetFieldByIndex(c)], null);
            var index = c;
            var t = await TimeAsync(one, b => new RecordBatch(one, [b.Column(index)], b.Length));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {schema.GetFieldByIndex(c).Name,-8} {schema.GetFieldByIndex(c).DataType.Name,-8} {t:F3} s ({t * 1e9 / rows:F1} ns per value)"));
        }
        foreach (var b in batches) b.Dispose();
        return 0;
    }
}
