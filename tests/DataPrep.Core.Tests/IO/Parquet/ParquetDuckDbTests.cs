using DataPrep.IO;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>Files written by another Parquet writer (DuckDB): several row groups, dictionary pages, required columns.</summary>
public sealed class ParquetDuckDbTests : IDisposable
{
    private const int Rows = 5000;

    // Columns as DuckDB reads them back, converted to the plain values TestBatches.Value gives:
    // dates as days since the epoch, timestamps as microseconds, blobs as base64.
    private const string Expected = """
        SELECT id, i8, i16, i32, i64, u8, u16, u32, u64, f, d, b, s, low, to_base64(bl) AS bl,
               (dt - DATE '1970-01-01')::INTEGER AS dt, epoch_us(ts) AS ts, epoch_us(tz) AS tz, dec, dec_big, dec_small, epoch_us(ts_ms) AS ts_ms, epoch_us(ts_ns) AS ts_ns
        FROM read_parquet('{0}') ORDER BY id
        """;

    private readonly TempDirectory _dir = new();
    private readonly string _file;

    public ParquetDuckDbTests()
    {
        _file = _dir.File("duck.parquet");
        DuckDbQuery.Execute($"""
            CREATE TABLE t (id BIGINT NOT NULL, i8 TINYINT, i16 SMALLINT, i32 INTEGER, i64 BIGINT NOT NULL,
                u8 UTINYINT, u16 USMALLINT, u32 UINTEGER, u64 UBIGINT, f FLOAT, d DOUBLE, b BOOLEAN,
                s VARCHAR, low VARCHAR NOT NULL, bl BLOB, dt DATE, ts TIMESTAMP, tz TIMESTAMPTZ,
                dec DECIMAL(10,2), dec_big DECIMAL(30,5), dec_small DECIMAL(4,1), ts_ms TIMESTAMP_MS, ts_ns TIMESTAMP_NS, nested INTEGER[][]);
            INSERT INTO t SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 200 - 100) END, i - 2500, i * 1000 - 7,
                i * 1000000007, i % 256, i, i * 3, i * 1000000000000, i / 3.0, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7.0 END,
                CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END,
                CASE WHEN i % 4 = 0 THEN NULL ELSE 'välue ' || i END, 'k' || (i % 5),
                CASE WHEN i % 6 = 0 THEN NULL ELSE ('x' || i)::BLOB END,
                CASE WHEN i % 8 = 0 THEN NULL ELSE DATE '1960-01-01' + (i * 9)::INTEGER END,
                TIMESTAMP '1965-06-01 12:00:00' + INTERVAL (i * 123457) MILLISECOND,
                CASE WHEN i % 9 = 0 THEN NULL ELSE TIMESTAMPTZ '2020-01-01 00:00:00+00' + INTERVAL (i) MICROSECOND END,
                CASE WHEN i % 10 = 0 THEN NULL ELSE (i - 2500) / 7 END, (i - 2500) / 3, (i % 999 - 500) / 10,
                TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i * 1001) MILLISECOND,
                CASE WHEN i % 11 = 0 THEN NULL ELSE TIMESTAMP_NS '2001-02-03 04:05:06' + INTERVAL (i * 1234567) MICROSECOND END,
                [[i, i + 1]]
            FROM range({Rows}) r(i);
            COPY t TO '{_file}' (FORMAT parquet, ROW_GROUP_SIZE 1000);
            """);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAsync_DuckDbFile_SameValuesAsDuckDbReads()
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = _file } }, _dir.Path);
        var columns = new HashSet<string> { "id", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f", "d", "b", "s", "low", "bl", "dt", "ts", "tz", "dec", "dec_big", "dec_small", "ts_ms", "ts_ns" };

        var chunks = await TestBatches.ReadAllAsync(source, _file, new ReadRequest(columns, 700, 3));

        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(DuckDbQuery.Rows(string.Format(Expected, _file)), o => o.WithStrictOrdering());
        chunks.Select(c => c.FirstRow).Should().Equal(Enumerable.Range(0, chunks.Count).Select(i => chunks.Take(i).Sum(c => (long)c.Batch.Length)));
    }

    [Fact]
    public async Task ReadAsync_DuckDbFile_HasSeveralRowGroups()
    {
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(_file);

        reader.RowGroupCount.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task ReadSchemaAsync_NestedColumn_NotSupportedNamingFileAndColumn()
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = _file } }, _dir.Path);

        var act = () => source.ReadSchemaAsync(_file, CancellationToken.None);

        (await act.Should().ThrowAsync<NotSupportedException>()).WithMessage($"*{_file}*'nested'*");
    }

    // DuckDB 1.5 writes every column OPTIONAL, NOT NULL ones included (required columns are
    // covered by the round trip through our own writer), so they read as nullable without nulls.
    [Fact]
    public async Task ReadAsync_NotNullColumns_NullableWithoutNulls()
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = _file } }, _dir.Path);

        var chunks = await TestBatches.ReadAllAsync(source, _file, new ReadRequest(new HashSet<string> { "id", "low", "s" }, 10_000, 1));

        chunks.Should().AllSatisfy(c => c.Batch.Column("id").NullCount.Should().Be(0));
        chunks.Should().AllSatisfy(c => c.Batch.Column("low").NullCount.Should().Be(0));
        chunks.Sum(c => c.Batch.Column("s").NullCount).Should().Be(Rows / 4);
    }
}
