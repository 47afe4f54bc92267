using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Tests.IO.Parquet;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// Unique canary values planted in every sensitive column must not appear in any byte the run writes:
/// data, quarantine (including rows a validate rule quarantines before the anonymize step, and rule
/// messages quoting the value), drops, manifest, report (JSON, HTML, Markdown) and everything the
/// library logs through <c>ILogger</c>. Files are scanned raw and, for Parquet, decoded too
/// (compressed pages could hide a canary from a byte scan).
/// </summary>
public sealed class SensitiveCanaryTests
{
    private const int Rows = 1700; // file 0: rows 0–699, file 1: rows 700–1699

    private static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("email", StringType.Default, false),
        new Field("ssn", StringType.Default, false),
        new Field("account", StringType.Default, false),
        new Field("card", StringType.Default, false),
        new Field("notes", StringType.Default, true),
        new Field("zip", StringType.Default, false),
        new Field("salary", DoubleType.Default, false),
        new Field("secret", StringType.Default, false),
    ], null);

    private const string Validate = "- validate: { rules: [ { column: email, regex: '^[^q]*$' }, { column: id, range: [0, 1500] } ] }";

    private const string Anonymize = """
        - anonymize:
            key_env: DATAPREP_TEST_ANON_KEY
            columns:
              email: pseudonymize
              ssn: encrypt
              account: { method: pseudonymize, format_preserving: true }
              card: { method: mask, keep_last: 4 }
              notes: redact_pii
              zip: { method: generalize, keep_prefix: 2 }
              salary: { method: noise, epsilon: 1.0, clip: [0, 1000000] }
              secret: drop
        """;

    [Fact]
    public async Task Run_WithAnonymize_NoCanaryInAnyWrittenByte()
    {
        AnonymizeTestSupport.EnsureKey();
        var (canaries, numbers) = Canaries();
        using var dir = new TempDirectory();
        var logger = new TextLogger();

        var result = await RunAsync(dir, Validate + "\n" + Anonymize, logger);

        result.Ledger.Quarantined.Should().BeGreaterThan(150, "the validate rule quarantines canary rows before anonymize");
        result.Manifest.Files.Should().Contain(f => f.Role == "report", "the report files are among the bytes scanned");
        var leaks = await ScanAsync(result.Plan.OutputRoot, canaries, numbers);
        leaks.AddRange(TextLogger.Find(logger.Text, canaries, numbers).Select(c => "log: " + c));
        leaks.Should().BeEmpty();
        var (_, quarantine) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "quarantine"));
        quarantine.Should().OnlyContain(r => ((string)r[6]!).Contains("\"email\":\"<sensitive>\""));
        quarantine.Should().Contain(r => ((string)r[2]!).Contains("'<sensitive>' does not match"));
        await DataPageHeadersHoldOnlyProtectedValuesAsync(EngineHarness.FileOf(result, "data"));
    }

    /// <summary>
    /// The data pages of the anonymized columns still carry min/max in their headers (Parquet.Net 6.1, no
    /// switch), so they are checked explicitly: each is a value of the same column as it was written, that
    /// is a protected value, never a source value (the canary scan above checks every header byte too).
    /// </summary>
    private static async Task DataPageHeadersHoldOnlyProtectedValuesAsync(string data)
    {
        var pages = await ParquetPages.PageStatisticsAsync(data);
        var (schema, rows) = await EngineHarness.ReadRowsAsync(data);
        string[] strings = ["email", "ssn", "account", "card", "notes", "zip"];
        foreach (var name in strings)
        {
            var index = schema.GetFieldIndex(name);
            var written = rows.Select(r => r[index] as string).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var stats = pages[name].SelectMany(p => p.All).Select(b => Encoding.UTF8.GetString(b)).ToList();
            stats.Should().NotBeEmpty($"Parquet.Net writes page-header min/max for {name}; if this fails, it stopped, and docs/PRIVACY.md should say so");
            stats.Should().OnlyContain(v => written.Contains(v), $"page-header statistics of {name} are values of the written (protected) column");
        }
        pages.Keys.Should().NotContain("secret", "a dropped column has no pages");
    }

    [Fact]
    public async Task Run_RenamedBeforeAnonymize_TheEarlierNameIsProtectedToo()
    {
        // email is quarantined by validate under its own name, then renamed, then anonymized as contact.
        AnonymizeTestSupport.EnsureKey();
        var (canaries, numbers) = Canaries();
        using var dir = new TempDirectory();
        var logger = new TextLogger();
        var steps = Validate + "\n- rename: { columns: { email: contact } }\n" + Anonymize.Replace("email: pseudonymize", "contact: pseudonymize", StringComparison.Ordinal);

        var result = await RunAsync(dir, steps, logger);

        result.Ledger.Quarantined.Should().BeGreaterThan(150);
        var leaks = await ScanAsync(result.Plan.OutputRoot, canaries, numbers);
        leaks.AddRange(TextLogger.Find(logger.Text, canaries, numbers).Select(c => "log: " + c));
        leaks.Should().BeEmpty();
        var (_, quarantine) = await EngineHarness.ReadRowsAsync(EngineHarness.FileOf(result, "quarantine"));
        quarantine.Should().OnlyContain(r => ((string)r[6]!).Contains("\"email\":\"<sensitive>\""));
    }

    [Fact]
    public async Task Run_WithoutAnonymize_ScanFindsTheCanaries()
    {
        // The control: the same run without anonymize leaks, and the scan sees it (raw and decoded).
        var (canaries, numbers) = Canaries();
        using var dir = new TempDirectory();

        var result = await RunAsync(dir, Validate, new TextLogger());

        var leaks = await ScanAsync(result.Plan.OutputRoot, canaries, numbers);
        leaks.Should().Contain(l => l.StartsWith("quarantine")).And.Contain(l => l.StartsWith("part-")).And.Contain(l => l.StartsWith("report"));
        leaks.Should().Contain(l => l.StartsWith("part-") && l.Contains(" page header: "), "the page-header probe sees source values where they are written");
    }

    private static async Task<DataPrep.Execution.RunResult> RunAsync(TempDirectory dir, string steps, TextLogger logger)
    {
        var path = dir.Combine("pipeline.yaml");
        var indented = string.Join("\n", steps.Split('\n').Select(l => "  " + l));
        await File.WriteAllTextAsync(path, $"""
            version: 1
            name: canary
            seed: 11
            source: {"{"} parquet: "in/*.parquet" {"}"}
            steps:
            {indented}
            sink: {"{"} parquet: {"{"} path: out, compression: none {"}"} {"}"}
            quarantine: {"{"} max_bad_fraction: 0.5 {"}"}
            report: {"{"} formats: [json, html, markdown] {"}"}
            """);
        var result = await DataPrep.Pipeline.Load(path).RunAsync(new DataPrep.RunOptions
        {
            Source = new MemorySource(Schema, () => Batches(700), () => Batches(1000)),
            Parallelism = 2,
            BatchSize = 256,
            Logger = logger,
        });
        logger.Lines.Should().NotBeEmpty("the library logs the run");
        return result;
    }

    /// <summary>Every sensitive value of every row, as text, and the salaries as doubles.</summary>
    private static (List<string> Text, List<double> Numbers) Canaries()
    {
        var text = new List<string>();
        var numbers = new List<double>();
        for (var i = 0; i < Rows; i++)
        {
            var c = Row(i);
            text.AddRange([c.Email, c.Ssn, c.Account, c.Card, c.NoteEmail, c.NotePhone, c.Zip, c.Secret]);
            numbers.Add(c.Salary);
        }
        return (text, numbers);
    }

    private static (string Email, string Ssn, string Account, string Card, string NoteEmail, string NotePhone, string Zip, double Salary, string Secret) Row(int i)
    {
        var r = new StableRandom(99, "canary", (ulong)i);
        string Token(ref StableRandom rr, int n, string alphabet)
        {
            var sb = new StringBuilder();
            for (var k = 0; k < n; k++) sb.Append(alphabet[(int)rr.NextBelow((ulong)alphabet.Length)]);
            return sb.ToString();
        }
        return (
            // About one e-mail in 17 has a 'q', which the validate rule quarantines (its message quotes the value).
            $"cnry{Token(ref r, 13, "0123456789abcdef")}{Token(ref r, 1, "0123456789abcdefq")}@example.com",
            $"{100 + i / 100 % 500:000}-{10 + i % 90:00}-{1000 + i:0000}",
            "ACCT" + Token(ref r, 14, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
            "CARD-" + Token(ref r, 14, "ABCDEFGHJKLMNPQRSTUVWXYZ") + "-" + Token(ref r, 4, "0123456789"),
            $"note{Token(ref r, 12, "0123456789abcdef")}@mail.example.org",
            $"+44 20 {7000 + i:0000} {Token(ref r, 4, "0123456789")}",
            "ZQ-" + Token(ref r, 12, "ABCDEFGHJKLMNPQRSTUVWXYZ"),
            100_000 + i * 7.123,
            "SECRET-" + Token(ref r, 16, "abcdefghijklmnopqrstuvwxyz"));
    }

    private static IEnumerable<RecordBatch> Batches(int rows)
    {
        var offset = rows == 700 ? 0 : 700;
        for (var start = 0; start < rows; start += 300)
        {
            var n = Math.Min(300, rows - start);
            var rowsHere = Enumerable.Range(offset + start, n).Select(i => (Id: (long)i, C: Row(i))).ToArray();
            yield return new RecordBatch(Schema,
            [
                new Int64Array.Builder().AppendRange(rowsHere.Select(x => x.Id)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Email)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Ssn)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Account)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Card)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => $"Call {x.C.NotePhone} or mail {x.C.NoteEmail} please")).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Zip)).Build(),
                new DoubleArray.Builder().AppendRange(rowsHere.Select(x => x.C.Salary)).Build(),
                new StringArray.Builder().AppendRange(rowsHere.Select(x => x.C.Secret)).Build(),
            ], n);
        }
    }

    /// <summary>Where a canary appears: "file: canary", for raw bytes and decoded Parquet values.</summary>
    private static async Task<List<string>> ScanAsync(string root, List<string> canaries, List<double> numbers)
    {
        var leaks = new List<string>();
        var needles = canaries.Select(c => (c, Encoding.UTF8.GetBytes(c))).ToArray();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Last();
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var (text, needle) in needles)
                if (bytes.AsSpan().IndexOf(needle) >= 0) leaks.Add($"{name} raw: {text}");
            foreach (var n in numbers)
                if (bytes.AsSpan().IndexOf(BitConverter.GetBytes(n)) >= 0) leaks.Add($"{name} raw double: {n}");
            if (!file.EndsWith(".parquet", StringComparison.Ordinal)) continue;
            var (_, rows) = await EngineHarness.ReadRowsAsync(file);
            var decoded = new StringBuilder();
            foreach (var row in rows) foreach (var v in row) decoded.Append(ArrowValues.Format(v)).Append('\u0001');
            var all = decoded.ToString();
            foreach (var (text, _) in needles)
                if (all.Contains(text, StringComparison.Ordinal)) leaks.Add($"{name} decoded: {text}");
            // Page-header min/max, decoded (the raw scan sees them too, but this names where they are).
            foreach (var (column, pages) in await ParquetPages.PageStatisticsAsync(file))
            {
                var stats = string.Join('\u0001', pages.SelectMany(p => p.All).Select(b => Encoding.UTF8.GetString(b)));
                foreach (var (text, _) in needles)
                    if (stats.Contains(text, StringComparison.Ordinal)) leaks.Add($"{name} page header: {column}: {text}");
            }
        }
        return leaks;
    }
}
