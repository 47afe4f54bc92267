using Apache.Arrow;
using DataPrep.IO;
using DataPrep.IO.Batches;
using DataPrep.IO.Parquet;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// The Parquet sink encodes a row group's column chunks in parallel and writes the footer itself
/// (<see cref="ThriftFooterWriter"/>). These tests hold the assembled file against the file Parquet.Net
/// writes on its own from the same row groups: same chunk bytes, same footer meaning, same values read
/// by DuckDB, and the same bytes at any encode parallelism.
/// </summary>
public sealed class ParquetColumnParallelWriterTests : IDisposable
{
    private const int RowGroupSize = 400;
    private readonly TempDirectory _dir = new();
    private readonly RecordBatch _batch = TestBatches.AllTypes(1000);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Write_AnyEncodeParallelism_IdenticalBytes()
    {
        var one = await WriteAsync(parallelism: 1);

        (await WriteAsync(parallelism: 2)).Should().Equal(one);
        (await WriteAsync(parallelism: 16)).Should().Equal(one);
    }

    [Theory]
    [InlineData(ParquetCompression.Snappy, false)]
    [InlineData(ParquetCompression.None, false)]
    [InlineData(ParquetCompression.Gzip, false)]
    [InlineData(ParquetCompression.Zstd, false)]
    [InlineData(ParquetCompression.Lz4Raw, false)] // left to Parquet.Net by our encoder
    [InlineData(ParquetCompression.Brotli, false)]
    [InlineData(ParquetCompression.Snappy, true)]
    [InlineData(ParquetCompression.Zstd, true)]
    public async Task Write_Footer_SameMeaningAndChunkBytesAsParquetNetsOwnFile(ParquetCompression compression, bool sensitive)
    {
        var batch = sensitive ? Sensitive(_batch) : _batch;
        var ours = await WriteAsync(parallelism: 4, compression, batch);
        var theirs = await WriteWithParquetNetAsync(compression, batch);

        var (a, b) = (await FooterAsync(ours), await FooterAsync(theirs));

        a.NumRows.Should().Be(1000);
        a.Schema.Select(Describe).Should().Equal(b.Schema.Select(Describe));
        a.RowGroups.Should().HaveCount(3);
        a.RowGroups.Select(g => g.NumRows).Should().Equal(b.RowGroups.Select(g => g.NumRows));
        for (var g = 0; g < a.RowGroups.Count; g++)
        {
            a.RowGroups[g].Ordinal.Should().Be((short)g);
            a.RowGroups[g].FileOffset.Should().Be(Start(a.RowGroups[g].Columns[0].MetaData!));
            for (var c = 0; c < a.RowGroups[g].Columns.Count; c++)
            {
                var (x, y) = (a.RowGroups[g].Columns[c].MetaData!, b.RowGroups[g].Columns[c].MetaData!);
                var theirChunk = Chunk(theirs, y);
                if (Slice(batch, g).Column(c) is TimestampArray timestamps)
                {
                    // Parquet.Net's timestamp bounds are in milliseconds: ours are in microseconds in the chunk
                    // statistics (ParquetStatisticsTests), and in the page header where our encoder writes it.
                    var header = ParquetNetTimestampBounds.Adopt(theirChunk, y, timestamps);
                    if (compression is not (ParquetCompression.Lz4Raw or ParquetCompression.Brotli)) theirChunk = header;
                }
                if (sensitive)
                {
                    // Our file withholds a sensitive column's bounds from the chunk statistics; the rest is Parquet.Net's.
                    (x.Statistics!.Min, x.Statistics.Max, x.Statistics.MinValue, x.Statistics.MaxValue).Should().Be((null, null, null, null));
                    y.Statistics = new Statistics { NullCount = y.Statistics!.NullCount };
                }
                Describe(x).Should().Be(Describe(y), $"row group {g} column {c}");
                Chunk(ours, x).Should().Equal(theirChunk, $"row group {g} column {c}");
            }
        }
    }

    [Fact]
    public async Task Write_AssembledFile_DuckDbReadsTheSameRowsAsFromParquetNetsOwnFile()
    {
        var ours = _dir.File("ours.parquet");
        var theirs = _dir.File("theirs.parquet");
        await File.WriteAllBytesAsync(ours, await WriteAsync(parallelism: 3));
        await File.WriteAllBytesAsync(theirs, await WriteWithParquetNetAsync());

        var count = DuckDbQuery.Rows($"SELECT count(*) FROM read_parquet('{ours}')");
        var onlyOurs = DuckDbQuery.Rows($"SELECT * FROM read_parquet('{ours}') EXCEPT ALL SELECT * FROM read_parquet('{theirs}')");
        var onlyTheirs = DuckDbQuery.Rows($"SELECT * FROM read_parquet('{theirs}') EXCEPT ALL SELECT * FROM read_parquet('{ours}')");
        var groups = DuckDbQuery.Rows($"SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('{ours}') ORDER BY 1");

        count.Single().Single().Should().Be(1000L);
        onlyOurs.Should().BeEmpty();
        onlyTheirs.Should().BeEmpty();
        groups.Select(r => Convert.ToInt64(r[1])).Should().Equal(400, 400, 200);
    }

    [Fact]
    public async Task Write_AssembledFile_ReadsBackTheSameValues()
    {
        var file = _dir.File("back.parquet");
        await File.WriteAllBytesAsync(file, await WriteAsync(parallelism: 2));
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, _dir.Path);

        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 1000, 2));

        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(TestBatches.Rows(_batch), o => o.WithStrictOrdering());
    }

    private async Task<byte[]> WriteAsync(int parallelism, ParquetCompression compression = ParquetCompression.Snappy, RecordBatch? batch = null)
    {
        batch ??= _batch;
        using var output = new MemoryStream();
        await using (var writer = new ParquetBatchWriter(output, batch.Schema, Options(compression), parallelism))
        {
            foreach (var part in TestBatches.Cut(batch, 333, 333, 334)) await writer.WriteAsync(part, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        return output.ToArray();
    }

    /// <summary>The same row groups written the way Parquet.Net writes a file by itself: one writer, columns one after another.</summary>
    private async Task<byte[]> WriteWithParquetNetAsync(ParquetCompression compression = ParquetCompression.Snappy, RecordBatch? batch = null)
    {
        batch ??= _batch;
        var fields = batch.Schema.FieldsList.Select(ParquetTypeMap.ToParquet).ToArray();
        var options = new ParquetOptions { CompressionMethod = Enum.Parse<CompressionMethod>(compression.ToString()), DictionaryEncodingSampleSize = 10_000 };
        for (var i = 0; i < fields.Length; i++)
        {
            var field = batch.Schema.GetFieldByIndex(i);
            options.ColumnEncodingHints[fields[i].Path.ToString()] =
                ParquetBatchWriter.EncodingOf(field, sensitive: field.Metadata?.GetValueOrDefault("dataprep.sensitive") == "true");
        }
        using var output = new MemoryStream();
        var chunker = new RowChunker(batch.Schema, RowGroupSize);
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), output, options))
        {
            foreach (var group in (await TestBatches.AddCopiedAsync(chunker, batch)).Append(chunker.Finish()!))
            {
                using var rowGroup = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                    await ParquetColumnEncoder.WriteAsync(rowGroup, fields[c], group.Column(c), CancellationToken.None);
                rowGroup.CompleteValidate();
            }
        }
        return output.ToArray();
    }

    /// <summary>Row group <paramref name="g"/>'s rows.</summary>
    private static RecordBatch Slice(RecordBatch batch, int g) => batch.Slice(g * RowGroupSize, Math.Min(RowGroupSize, batch.Length - g * RowGroupSize));

    private static ParquetSinkOptions Options(ParquetCompression compression = ParquetCompression.Snappy) =>
        new() { Path = ".", RowGroupSize = RowGroupSize, Compression = compression };

    /// <summary>The same columns, every one marked sensitive (plain pages, no dictionary, no bounds in the chunk statistics).</summary>
    private static RecordBatch Sensitive(RecordBatch batch)
    {
        var marked = new Dictionary<string, string> { ["dataprep.sensitive"] = "true" };
        var schema = new Schema(batch.Schema.FieldsList.Select(f => new Apache.Arrow.Field(f.Name, f.DataType, f.IsNullable, marked)), null);
        return new RecordBatch(schema, Enumerable.Range(0, batch.ColumnCount).Select(batch.Column), batch.Length);
    }

    private static async Task<FileMetaData> FooterAsync(byte[] file)
    {
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(file));
        return reader.Metadata!;
    }

    private static long Start(ColumnMetaData m) => m.DictionaryPageOffset ?? m.DataPageOffset;

    private static byte[] Chunk(byte[] file, ColumnMetaData m) => file.AsSpan((int)Start(m), (int)m.TotalCompressedSize).ToArray();

    private static string Describe(SchemaElement e) =>
        $"{e.Name} {e.Type} {e.TypeLength} {e.RepetitionType} {e.NumChildren} {e.ConvertedType} {e.Scale} {e.Precision} {e.FieldId} " +
        $"{e.LogicalType?.STRING is not null} {e.LogicalType?.DATE is not null} {e.LogicalType?.DECIMAL?.Precision} {e.LogicalType?.DECIMAL?.Scale} " +
        $"{e.LogicalType?.TIMESTAMP?.IsAdjustedToUTC} {e.LogicalType?.TIMESTAMP?.Unit?.MICROS is not null} {e.LogicalType?.TIMESTAMP?.Unit?.MILLIS is not null} " +
        $"{e.LogicalType?.INTEGER?.BitWidth} {e.LogicalType?.INTEGER?.IsSigned}";

    private static string Describe(ColumnMetaData m) =>
        $"{m.Type} [{string.Join(",", m.Encodings)}] {string.Join(".", m.PathInSchema)} {m.Codec} {m.NumValues} {m.TotalUncompressedSize} {m.TotalCompressedSize} " +
        $"dict:{m.DictionaryPageOffset is not null} " +
        $"stats:{Convert.ToHexString(m.Statistics?.Min ?? [])}/{Convert.ToHexString(m.Statistics?.Max ?? [])}/{Convert.ToHexString(m.Statistics?.MinValue ?? [])}/" +
        $"{Convert.ToHexString(m.Statistics?.MaxValue ?? [])}/{m.Statistics?.NullCount}/{m.Statistics?.DistinctCount} " +
        $"[{string.Join(",", m.EncodingStats?.Select(s => $"{s.PageType}:{s.Encoding}:{s.Count}") ?? [])}] " +
        $"{m.SizeStatistics?.UnencodedByteArrayDataBytes}";
}
