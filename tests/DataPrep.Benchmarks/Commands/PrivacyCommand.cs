using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Apache.Arrow;
using DataPrep.Benchmarks.Harness;
using DataPrep.Benchmarks.Profiling;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Anonymize;
using DataPrep.Steps.Anonymize.Pii;

namespace DataPrep.Benchmarks.Commands;

/// <summary>
/// <c>privacy --data FILE</c>: single-thread throughput of the anonymize transforms on a text column
/// of the reference file (default <c>txt</c>), in MB of UTF-8 text and values per second: redact_pii,
/// pseudonymize (hex, format-preserving) and encrypt, as the step runs them on a batch. Peers measured in
/// the same run, interleaved: one unkeyed SHA-256 per value (the floor of any per-value hash) and
/// HMAC-SHA256 through one reused <see cref="IncrementalHash"/> (what a per-batch hasher would cost).
/// The column is read into memory first (not timed). Medians of --repeat runs.
/// </summary>
internal static class PrivacyCommand
{
    public static async Task<int> RunAsync(CommandLine args, CancellationToken ct)
    {
        var file = Path.GetFullPath(args.String("data") ?? throw new UsageException("privacy needs --data FILE"));
        var column = args.String("column", "txt");
        var repeat = args.Int("repeat", 5);
        var limit = args.Long("limit", long.MaxValue);
        args.ThrowIfUnused();

        var (readTime, groups) = await DataPrepProbe.ReadColumnAsync(file, column, ct);
        var batches = new List<(RecordBatch Batch, BatchContext Context)>();
        long rows = 0, bytes = 0;
        foreach (var g in groups)
        {
            var length = (int)Math.Min(g.Length, limit - rows);
            if (length <= 0) break;
            var batch = new RecordBatch(g.Schema, [ArrowArrayFactory.Slice(g.Column(0), 0, length)], length);
            var ids = Enumerable.Range(0, length).Select(i => new RowId(0, rows + i)).ToArray();
            batches.Add((batch, new BatchContext(batch, ids, 1)));
            var text = (StringArray)batch.Column(0);
            for (var i = 0; i < length; i++) bytes += text.GetBytes(i).Length;
            rows += length;
        }
        var key = AnonymizeKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        var pseudonymizer = new Pseudonymizer(key.PseudonymKey);
        var variants = new (string Name, Func<IArrowArray, BatchContext, IArrowArray> Run)[]
        {
            ("redact_pii (tags)", new RedactTransform(new PiiRedactor()).Apply),
            ("pseudonymize (hex)", new PseudonymizeTransform(pseudonymizer, formatPreserving: false).Apply),
            ("pseudonymize (format-preserving)", new PseudonymizeTransform(pseudonymizer, formatPreserving: true).Apply),
            ("encrypt", new EncryptTransform(new ValueEncryptor(key)).Apply),
            ("peer: SHA-256 per value, unkeyed", (a, _) => HashEach(a, null)),
            ("peer: HMAC-SHA256, one reused IncrementalHash", (a, _) => HashEach(a, key.PseudonymKey)),
        };
        var mb = bytes / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {rows:N0} values, {mb:F1} MB of '{column}' text (read in {readTime.TotalSeconds:F2} s, not timed); 1 thread; medians of {repeat}"));
        Console.WriteLine();
        Console.WriteLine("| transform | s | MB/s per core | values/s per core (M) | vs SHA-256 peer |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var times = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var r = 0; r < repeat; r++)
            foreach (var (name, run) in variants) // interleaved, so load changes hit every variant alike
            {
                var clock = Stopwatch.StartNew();
                foreach (var (batch, context) in batches) run(batch.Column(0), context).Dispose();
                times[name].Add(clock.Elapsed.TotalSeconds);
            }
        var peer = Medians.Of(times["peer: SHA-256 per value, unkeyed"]);
        foreach (var (name, _) in variants)
        {
            var s = Medians.Of(times[name]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s:F3} | {mb / s:F1} | {rows / s / 1e6:F2} | {s / peer:F2} |"));
        }
        foreach (var (batch, _) in batches) batch.Dispose();
        foreach (var g in groups) g.Dispose();
        return 0;
    }

    /// <summary>A peer: one hash per value written as 32 hex characters, into the same kind of builder the step uses.</summary>
    private static StringArray HashEach(IArrowArray input, byte[]? hmacKey)
    {
        var strings = (StringArray)input;
        var builder = new StringArray.Builder().Reserve(input.Length);
        using var hmac = hmacKey is null ? null : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, hmacKey);
        Span<byte> mac = stackalloc byte[32];
        Span<byte> hex = stackalloc byte[32];
        for (var row = 0; row < strings.Length; row++)
        {
            if (strings.IsNull(row)) { builder.AppendNull(); continue; }
            var value = strings.GetBytes(row);
            if (hmac is null) SHA256.HashData(value, mac);
            else
            {
                hmac.AppendData(value);
                hmac.GetHashAndReset(mac);
            }
            for (var i = 0; i < 16; i++)
            {
                hex[2 * i] = (byte)"0123456789abcdef"[mac[i] >> 4];
                hex[2 * i + 1] = (byte)"0123456789abcdef"[mac[i] & 0xF];
            }
            builder.Append(hex);
        }
        return builder.Build();
    }
}
