using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using ServeApi;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>serve-latency [--requests 2000] [--warmup 300]</c>: per-record latency of examples/serve-api
/// over loopback HTTP (Kestrel on 127.0.0.1), one record per request, and of its transformer alone,
/// against the peer measured in the same run: the batch run's cost per record (the same pipeline
/// over the whole penguins file, in memory, applying the same fit artifact).
/// </summary>
internal static class ServeLatencyCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken cancellationToken)
    {
        var requests = args.Int("requests", 2000);
        var warmup = args.Int("warmup", 300);
        args.ThrowIfUnused();
        var root = FindRoot();
        var pipelinePath = Path.Combine(root, "examples", "serve-api", "penguins-features.yaml");

        // The batch run (into a temporary output root) saves the fit artifact the API serves, as in production.
        var scratch = Directory.CreateTempSubdirectory("dataprep-serve-latency-").FullName;
        var fitPath = Path.Combine(scratch, "penguins-features.fit.json");
        var training = Pipeline.Load(pipelinePath);
        training.Definition.Sink = new DataPrep.IO.SinkOptions { Parquet = new DataPrep.IO.ParquetSinkOptions { Path = Path.Combine(scratch, "out") } };
        await training.RunAsync(new RunOptions { SaveFitPath = fitPath }, cancellationToken: cancellationToken);

        var pipeline = Pipeline.Load(pipelinePath);
        using var raw = await Pipeline.Create("raw").BaseDirectory(pipeline.BaseDirectory).From(pipeline.Definition.Source).ToMemory().Build()
            .CollectAsync(cancellationToken: cancellationToken);
        var records = SingleRecordBodies(raw.Batches);
        var hundred = "[" + string.Join(",", records.Take(100).Select(r => r[1..^1])) + "]";

        // Peer: the batch run over the whole file with the same fit applied (--fit: one pass, no fitting), per record.
        var batchPerRecord = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var result = await pipeline.CollectAsync(new RunOptions { FitPath = fitPath }, cancellationToken);
            batchPerRecord.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / (result.RowCount + result.Removed.Count));
        }

        var app = await ServeApp.BuildAsync(["--urls", "http://127.0.0.1:0", $"--DataPrep:Pipeline={pipelinePath}", $"--DataPrep:FitArtifact={fitPath}",
            "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync(cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            IRecordTransformer transformer = FittedPipelineTransformer.Load(pipelinePath, fitPath, DataPrep.Steps.StepRegistry.CreateDefault());
            using var oneBatch = RecordJson.ToBatch(JsonDocument.Parse(records[0]).RootElement, transformer.InputSchema);
            using var hundredBatch = RecordJson.ToBatch(JsonDocument.Parse(hundred).RootElement, transformer.InputSchema);

            for (var i = 0; i < warmup; i++) await PostAsync(http, records[i % records.Count], cancellationToken);
            var single = new List<double>();
            for (var i = 0; i < requests; i++) single.Add(await PostAsync(http, records[i % records.Count], cancellationToken));
            for (var i = 0; i < warmup / 10; i++) await PostAsync(http, hundred, cancellationToken);
            var many = new List<double>();
            for (var i = 0; i < Math.Max(20, requests / 20); i++) many.Add(await PostAsync(http, hundred, cancellationToken) / 100);
            var inProcess = new List<double>();
            for (var i = 0; i < warmup + requests; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using (await transformer.TransformAsync(oneBatch, cancellationToken)) { }
                if (i >= warmup) inProcess.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
            var inProcessHundred = new List<double>();
            for (var i = 0; i < warmup + Math.Max(20, requests / 20); i++)
            {
                var start = Stopwatch.GetTimestamp();
                using (await transformer.TransformAsync(hundredBatch, cancellationToken)) { }
                if (i >= warmup) inProcessHundred.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / 100);
            }

            var peer = Median(batchPerRecord);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"serve-latency: {requests} requests after {warmup} warm-up, {Environment.ProcessorCount} cores, {RuntimeInfo()}"));
            Console.WriteLine("| measure | median µs/record | p90 | p99 | ratio to batch per record |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Row("HTTP, 1 record per request", single, peer);
            Row("HTTP, 100 records per request", many, peer);
            Row("transformer alone, 1 record", inProcess, peer);
            Row("transformer alone, 100 records", inProcessHundred, peer);
            Row("batch run (peer), whole file", batchPerRecord, peer);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            Directory.Delete(scratch, recursive: true);
        }
        return 0;
    }

    private static async Task<double> PostAsync(HttpClient http, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("/transform", content, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        response.EnsureSuccessStatusCode();
        return elapsed;
    }

    private static List<string> SingleRecordBodies(IEnumerable<RecordBatch> batches)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) RecordJson.WriteRows(writer, batches);
        var rows = JsonDocument.Parse(stream.ToArray()).RootElement.EnumerateArray();
        return rows.Select(r => "[" + r.GetRawText() + "]").ToList();
    }

    private static void Row(string name, List<double> values, double peer)
    {
        values.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(values):F1} | {Percentile(values, 0.9):F1} | {Percentile(values, 0.99):F1} | {Median(values) / peer:F3}x |"));
    }

    private static double Median(List<double> values) => Percentile(values.Order().ToList(), 0.5);

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new UsageException("DataPrep.sln not found above the benchmark folder");
    }
}
