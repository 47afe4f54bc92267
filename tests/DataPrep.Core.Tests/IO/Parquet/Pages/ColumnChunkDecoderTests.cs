using DataPrep.IO;
using DataPrep.IO.Parquet;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>The page decoder against the Parquet.Net path on files from DuckDB, Parquet.Net and our own writer.</summary>
public sealed class ColumnChunkDecoderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // Every type DuckDB maps to one we read, nulls in most columns, an all-null column, a
    // low-cardinality (dictionary) and a high-cardinality string; 3 row groups of several pages.
    private const string DuckTable = """
        CREATE TABLE t AS SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE (i % 200 - 100)::TINYINT END AS i8,
            (i % 30000 - 15000)::SMALLINT AS i16, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1000 - 7 END::INTEGER AS i32,
            (i * 1000000007)::BIGINT AS i64, (i % 256)::UTINYINT AS u8, (i % 60000)::USMALLINT AS u16, (i * 3)::UINTEGER AS u32,
            (i * 1000000000000)::UBIGINT AS u64, (i / 3.0)::FLOAT AS f, CASE WHEN i % 5 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS d,
            CASE WHEN i % 3 = 0 THEN NULL ELSE i % 2 = 0 END AS b, (i % 4 = 1) AS b_req,
            CASE WHEN i % 4 = 0 THEN NULL ELSE 'välue ' || i END AS s, 'k' || (i % 5) AS low,
            CASE WHEN i % 9 = 0 THEN NULL ELSE 'cat' || (i % 37) END AS low_nulls,
            CASE WHEN i % 6 = 0 THEN NULL ELSE ('x' || i)::BLOB END AS bl,
            CASE WHEN i % 8 = 0 THEN NULL ELSE DATE '1960-01-01' + (i % 40000)::INTEGER END AS dt,
            TIMESTAMP '1965-06-01 12:00:00' + INTERVAL (i * 123457) MILLISECOND AS ts,
            CASE WHEN i % 9 = 0 THEN NULL ELSE TIMESTAMPTZ '2020-01-01 00:00:00+00' + INTERVAL (i) MICROSECOND END AS tz,
            TIMESTAMP '2001-02-03 04:05:06' + INTERVAL (i * 1001) MILLISECOND AS ts_ms_src,
            CASE WHEN i % 10 = 0 THEN NULL ELSE (i - 2500) / 7 END::DECIMAL(9,2) AS dec9,
            ((i - 2500) / 3)::DECIMAL(18,5) AS dec18, (i % 999 - 500)::DECIMAL(4,1) AS dec4,
            NULL::INTEGER AS all_null
        FROM range({0}) r(i);
        ALTER TABLE t ADD COLUMN ts_ms TIMESTAMP_MS; UPDATE t SET ts_ms = ts_ms_src::TIMESTAMP_MS;
        """;

    private static readonly string[] DuckColumns = ["id", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f", "d", "b", "b_req",
        "s", "low", "low_nulls", "bl", "dt", "ts", "tz", "ts_ms_src", "dec9", "dec18", "dec4", "all_null", "ts_ms"];

    [Theory]
    [InlineData("snappy", "V1")]
    [InlineData("zstd", "V1")]
    [InlineData("gzip", "V1")]
    [InlineData("uncompressed", "V1")]
    [InlineData("snappy", "V2")]
    [InlineData("zstd", "V2")]
    public async Task TryDecode_DuckDbFile_SameArraysAsParquetNet(string codec, string version)
    {
        var file = _dir.File($"duck-{codec}-{version}.parquet");
        DuckDbQuery.Execute(string.Format(DuckTable, 120_000) + $"COPY t TO '{file}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 50000, PARQUET_VERSION {version});");

        // Parquet.Net 6.1 cannot read DuckDB's V2 date, timestamp and decimal columns (DELTA_BINARY_PACKED into
        // DateOnly / DateTime / decimal), so there is no reference for them; they fall back like every DELTA column.
        string[] noReference = ["dt", "ts", "tz", "ts_ms_src", "ts_ms", "dec9", "dec18", "dec4"];
        var columns = version == "V2" ? DuckColumns.Except(noReference).ToHashSet() : null;

        var (native, total) = await ChunkDifferential.CompareAsync(file, columns);

        // V1: every column is PLAIN or dictionary; V2 writes DELTA encodings for some, which fall back.
        if (version == "V1") native.Should().HaveCount(total).And.HaveCountGreaterThan(2 * DuckColumns.Length);
        else native.Should().Contain(["low@0", "low_nulls@1", "b@1"]).And.HaveCountLessThan(total);
    }

    [Fact]
    public async Task TryDecode_DuckDbDeltaEncodedColumn_FallsBackAndSourceStillReadsIt()
    {
        var file = _dir.File("delta.parquet");
        DuckDbQuery.Execute($"""
            COPY (SELECT i AS id, i * 7919 % 1000003 AS v FROM range(30000) r(i)) TO '{file}' (FORMAT parquet, PARQUET_VERSION V2);
            """);
        await using var reader = await ParquetReader.CreateAsync(file);
        using var group = reader.OpenRowGroupReader(0);
        var field = reader.Schema.DataFields.Single(f => f.Name == "v");
        group.GetMetadata(field)!.MetaData!.Encodings.Should().Contain(global::Parquet.Meta.Encoding.DELTA_BINARY_PACKED);
        using var handle = File.OpenHandle(file);

        var ours = ColumnChunkDecoder.TryDecode(handle, RandomAccess.GetLength(handle), group.GetMetadata(field), field,
            Apache.Arrow.Types.Int64Type.Default, (int)group.RowCount, 0, CancellationToken.None);
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, _dir.Path);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 100_000, 2));

        ours.Should().BeNull();
        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(
            DuckDbQuery.Rows($"SELECT id, v FROM read_parquet('{file}') ORDER BY id"), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(CompressionMethod.None, true)]
    [InlineData(CompressionMethod.Snappy, true)]
    [InlineData(CompressionMethod.Gzip, false)]
    [InlineData(CompressionMethod.Zstd, true)]
    public async Task TryDecode_ParquetNetFile_SameArraysAsParquetNet(CompressionMethod codec, bool dictionary)
    {
        var file = _dir.File($"pq-{codec}.parquet");
        await ParquetNetFiles.WriteAllTypesAsync(file, codec, dictionary, 3000, 1000, 1);

        var (native, total) = await ChunkDifferential.CompareAsync(file);

        total.Should().Be(ParquetNetFiles.ColumnCount * 4);
        native.Should().HaveCount(total);
    }

    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Zstd)]
    [InlineData(ParquetCompression.Gzip)]
    public async Task TryDecode_OwnWriterFile_SameArraysAsParquetNet(ParquetCompression compression)
    {
        var file = _dir.File("own.parquet");
        var batch = TestBatches.AllTypes(2500);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = _dir.Path, Compression = compression, RowGroupSize = 1000 } });
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(sink, batch.Schema, [batch]));

        var (native, total) = await ChunkDifferential.CompareAsync(file);

        native.Should().HaveCount(batch.Schema.FieldsList.Count(f => f.DataType is not Apache.Arrow.Types.ListType) * 3);
        total.Should().Be(batch.Schema.FieldsList.Count * 3);
    }

    // 1000 and 4096: slices at byte boundaries of the validity bitmaps; 333 and 1: not.
    [Theory]
    [InlineData(1000)]
    [InlineData(333)]
    [InlineData(4096)]
    [InlineData(1)]
    public async Task TryDecode_Sliced_EachSliceHoldsItsRowsInArraysOfItsOwn(int sliceRows)
    {
        var duck = _dir.File("duck-sliced.parquet");
        DuckDbQuery.Execute(string.Format(DuckTable, sliceRows == 1 ? 3_000 : 30_000) + $"COPY t TO '{duck}' (FORMAT parquet, ROW_GROUP_SIZE 12000);");
        var parquetNet = _dir.File("pq-sliced.parquet");
        await ParquetNetFiles.WriteAllTypesAsync(parquetNet, CompressionMethod.Snappy, true, 3000, 2500, 1);
        // Both writers put a chunk in one data page at these sizes (DuckDB 1.5, Parquet.Net 6.1), so a
        // page always spans several slices here; a slice across a page boundary is not exercised.

        var (duckNative, duckTotal) = await ChunkDifferential.CompareAsync(duck, sliceRows: sliceRows);
        var (pqNative, pqTotal) = await ChunkDifferential.CompareAsync(parquetNet, sliceRows: sliceRows);

        duckNative.Should().HaveCount(duckTotal);
        pqNative.Should().HaveCount(pqTotal);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(2048)]
    [InlineData(999)]
    public async Task ReadAsync_PageDecoderAndParquetNet_SameBatchesThroughTheSource(int batchRows)
    {
        var file = _dir.File("duck.parquet");
        DuckDbQuery.Execute(string.Format(DuckTable, 20_000) + $"COPY t TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE 7000);");
        await using var reader = await ParquetSource.OpenAsync(file, CancellationToken.None);
        var (fields, schema) = ParquetTypeMap.Plan(reader.Schema, null, file);
        await using var ours = new ParquetRowGroupDecoder(file, reader, fields, schema, 2);
        await using var reference = new ParquetRowGroupDecoder(file, reader, fields, schema, 2, native: false);

        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var a = await ours.DecodeAsync(g, CancellationToken.None, batchRows);
            var b = (await reference.DecodeAsync(g, CancellationToken.None)).Should().ContainSingle().Subject;
            a.Sum(batch => batch.Length).Should().Be(b.Length);
            a.SkipLast(1).Where(batch => batch.Length != batchRows).Should().BeEmpty("every batch but the last is full");
            var offset = 0;
            foreach (var batch in a)
            {
                for (var c = 0; c < fields.Length; c++)
                {
                    var name = $"{fields[c].Name}@{g}, rows {offset}+{batch.Length}";
                    if (batchRows >= b.Length) ChunkDifferential.AssertSame(b.Column(c), batch.Column(c), name);
                    else ChunkDifferential.AssertSameRows(b.Column(c), offset, batch.Length, batch.Column(c), name);
                }
                offset += batch.Length;
            }
        }
    }
}
