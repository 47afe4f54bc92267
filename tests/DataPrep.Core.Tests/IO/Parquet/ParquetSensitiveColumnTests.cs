using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO;
using DataPrep.IO.Parquet;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// Columns marked sensitive (field metadata <c>dataprep.sensitive</c>) get no column-chunk min/max statistics
/// and no dictionary page, while other low-cardinality string columns do get one (so the check can fail).
/// </summary>
public sealed class ParquetSensitiveColumnTests
{
    [Fact]
    public async Task WriteAsync_SensitiveColumn_NoStatisticsNoDictionary()
    {
        using var dir = new TempDirectory();
        var file = await WriteAsync(dir, compression: ParquetCompression.None);

        var meta = DuckDbQuery.Rows($"SELECT path_in_schema, stats_min_value, stats_max_value, encodings FROM parquet_metadata('{file}')");

        var p = meta.Single(r => (string)r[0]! == "plain");
        var s = meta.Single(r => (string)r[0]! == "secret");
        p[1].Should().Be("pa-smallest", "the probe must see statistics where they are written");
        s[1].Should().BeNull();
        s[2].Should().BeNull();
        ((string)p[3]!).Should().Contain("DICTIONARY", "the probe must see a dictionary where one is written");
        ((string)s[3]!).Should().NotContain("DICTIONARY", "a sensitive column gets no dictionary encoding");
        // Parquet.Net 6.1 also copies min/max into each data page header as it streams the page out,
        // with no switch; those stay (docs/PRIVACY.md and the test below). They hold only the column's protected values.
        DuckDbQuery.Rows($"SELECT count(*) FROM read_parquet('{file}') WHERE 'p' || secret = plain")[0][0].Should().Be(1000L);
    }

    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Zstd)]
    public async Task WriteAsync_LowCardinalityStrings_DictionaryPageOnlyForTheNonSensitiveColumn(ParquetCompression compression)
    {
        using var dir = new TempDirectory();
        var file = await WriteAsync(dir, compression);

        // The page headers in the file, not the footer's summary: Parquet.Net leaves dictionary_page_offset unset.
        var pages = await ParquetPages.ReadAsync(file);

        pages["plain"].PageTypes.First().Should().Be(ParquetPages.DictionaryPage, "a low-cardinality string column starts with a dictionary page");
        pages["plain"].Encodings.Should().Contain(e => e.Contains("DICTIONARY"));
        pages["secret"].PageTypes.Should().NotBeEmpty().And.NotContain(ParquetPages.DictionaryPage, "the same values, sensitive, get no dictionary page");
        pages["secret"].Encodings.Should().NotContain(e => e.Contains("DICTIONARY"));
        pages["unique"].PageTypes.Should().NotContain(ParquetPages.DictionaryPage, "all-distinct values are above the dictionary threshold and stay plain");
        var (_, rows) = await EngineHarness.ReadRowsAsync(file);
        rows.Should().HaveCount(1000).And.OnlyContain(r => (string)r[0]! == "p" + (string)r[1]!, "dictionary pages read back");
        rows[500][0].Should().Be("pa-smallest");
    }

    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Zstd)]
    public async Task WriteAsync_DataPageHeaders_CarryMinMaxOfWhatTheWriterWasGiven(ParquetCompression compression)
    {
        // Parquet.Net 6.1 writes min/max into every data page header, sensitive column or not, with no
        // switch to turn it off. This pins the fact docs/PRIVACY.md states: the column-chunk statistics
        // are withheld, the page-header ones are not, and they hold values the column's pages hold anyway
        // (after anonymize: protected values). If a Parquet.Net upgrade changes this, update the docs.
        using var dir = new TempDirectory();
        var file = await WriteAsync(dir, compression);

        var pages = await ParquetPages.PageStatisticsAsync(file);

        string Text(byte[]? b) => b is null ? "" : System.Text.Encoding.UTF8.GetString(b);
        var plain = pages["plain"].Should().ContainSingle().Which;
        (Text(plain.MinValue), Text(plain.MaxValue)).Should().Be(("pa-smallest", "pv2"));
        var secret = pages["secret"].Should().ContainSingle().Which;
        (Text(secret.MinValue), Text(secret.MaxValue), Text(secret.Min), Text(secret.Max)).Should().Be(("a-smallest", "v2", "a-smallest", "v2"));
        pages["secret"].SelectMany(p => p.All).Select(Text).Should().OnlyContain(v => v == "a-smallest" || v == "v2", "only values the column holds");
    }

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Zstd)]
    public async Task WriteAsync_SensitiveNumbers_PlainPagesDuckDbReadsBack(ParquetCompression compression)
    {
        // Sensitive numbers were once written byte-stream-split, which DuckDB 1.5 rejects for integers.
        using var dir = new TempDirectory();
        var file = dir.File("n.parquet");
        var sensitive = new Dictionary<string, string> { ["dataprep.sensitive"] = "true" };
        var schema = new Schema(
        [
            new Field("i32", Int32Type.Default, true, sensitive),
            new Field("i64", Int64Type.Default, true, sensitive),
            new Field("f32", FloatType.Default, true, sensitive),
            new Field("f64", DoubleType.Default, true, sensitive),
        ], null);
        const int rows = 1000;
        object? Value(int i, Func<int, object> make) => i % 10 == 3 ? null : make(i);
        using var batch = new RecordBatch(schema,
        [
            DataPrep.Data.ArrowBuild.FromValues(Int32Type.Default, Enumerable.Range(0, rows).Select(i => Value(i, k => (long)(k * 7 - 3000))).ToArray()),
            DataPrep.Data.ArrowBuild.FromValues(Int64Type.Default, Enumerable.Range(0, rows).Select(i => Value(i, k => (long)k << 33)).ToArray()),
            DataPrep.Data.ArrowBuild.FromValues(FloatType.Default, Enumerable.Range(0, rows).Select(i => Value(i, k => k * 0.5)).ToArray()),
            DataPrep.Data.ArrowBuild.FromValues(DoubleType.Default, Enumerable.Range(0, rows).Select(i => Value(i, k => k / 3.0)).ToArray()),
        ], rows);
        await using (var stream = File.Create(file))
        {
            await using var writer = new ParquetSinkFormat(new ParquetSinkOptions { Path = dir.Path, Compression = compression }).Create(stream, schema);
            await writer.WriteAsync(batch, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        var pages = await ParquetPages.ReadAsync(file);
        foreach (var column in new[] { "i32", "i64", "f32", "f64" })
        {
            pages[column].Encodings.Should().NotContain(e => e.Contains("DICTIONARY") || e.Contains("BYTE_STREAM_SPLIT"), column);
            pages[column].PageTypes.Should().NotContain(ParquetPages.DictionaryPage, column);
        }
        var sums = DuckDbQuery.Rows($"SELECT count(i32), sum(i32)::BIGINT, count(i64), sum(i64 >> 33)::BIGINT, count(f32), sum(f32), count(f64), sum(f64 * 3) FROM read_parquet('{file}')")[0];
        var present = Enumerable.Range(0, rows).Where(i => i % 10 != 3).ToArray();
        Convert.ToInt64(sums[0]).Should().Be(present.Length);
        Convert.ToInt64(sums[1]).Should().Be(present.Sum(k => (long)(k * 7 - 3000)));
        Convert.ToInt64(sums[3]).Should().Be(present.Sum(k => (long)k));
        Convert.ToDouble(sums[5]).Should().Be(present.Sum(k => k * 0.5));
        Convert.ToDouble(sums[7]).Should().BeApproximately(present.Sum(k => (double)k), 1e-6);
    }

    /// <summary>A sensitive and a plain column with the same low-cardinality values (p-prefixed), and a column of distinct values.</summary>
    private static async Task<string> WriteAsync(TempDirectory dir, ParquetCompression compression)
    {
        var file = dir.File("s.parquet");
        var sensitive = new Dictionary<string, string> { ["dataprep.sensitive"] = "true" };
        var schema = new Schema(
        [
            new Field("plain", StringType.Default, true),
            new Field("secret", StringType.Default, true, sensitive),
            new Field("unique", StringType.Default, false),
        ], null);
        // Repeated values would get a dictionary page; "a-smallest" would be the minimum statistic.
        var secret = Enumerable.Range(0, 1000).Select(i => i == 500 ? "a-smallest" : $"v{i % 3}").ToArray();
        var plain = secret.Select(v => "p" + v).ToArray();
        var unique = Enumerable.Range(0, 1000).Select(i => $"u{i:0000}").ToArray();
        using var batch = new RecordBatch(schema, [Strings(plain), Strings(secret), Strings(unique)], secret.Length);
        await using (var stream = File.Create(file))
        {
            await using var writer = new ParquetSinkFormat(new ParquetSinkOptions { Path = dir.Path, Compression = compression }).Create(stream, schema);
            await writer.WriteAsync(batch, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        return file;
    }

    private static StringArray Strings(IEnumerable<string> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) b.Append(v);
        return b.Build();
    }
}
