using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO;

namespace DataPrep.Tests.IO.Parquet;

public sealed class ParquetRoundTripTests
{
    [Theory]
    [InlineData(ParquetCompression.None)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Zstd)]
    [InlineData(ParquetCompression.Gzip)]
    public async Task WriteThenRead_AllTypesWithNulls_SameValues(ParquetCompression compression)
    {
        using var dir = new TempDirectory();
        var file = dir.File("all.parquet");
        var batch = TestBatches.AllTypes(250);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = dir.Path, Compression = compression, RowGroupSize = 100 } });
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(sink, batch.Schema, [batch]));

        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, dir.Path);
        var schema = await source.ReadSchemaAsync(file, CancellationToken.None);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 1000, 2));

        schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable))
            .Should().Equal(batch.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        chunks.Select(c => c.Batch.Length).Should().Equal(100, 100, 50);
        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(TestBatches.Rows(batch), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Write_SameRowsInDifferentBatches_IdenticalBytes()
    {
        var batch = TestBatches.AllTypes(1000);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = "out", RowGroupSize = 300 } });

        var whole = await TestBatches.WriteAsync(sink, batch.Schema, [batch]);
        var cut = await TestBatches.WriteAsync(sink, batch.Schema, TestBatches.Cut(batch, 7, 1, 293, 64, 300, 13));
        var again = await TestBatches.WriteAsync(sink, batch.Schema, [batch]);

        cut.Should().Equal(whole);
        again.Should().Equal(whole);
    }

    [Fact]
    public async Task Write_NoRows_ReadsBackEmptyWithSchema()
    {
        using var dir = new TempDirectory();
        var file = dir.File("empty.parquet");
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = dir.Path } });
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(sink, TestBatches.AllTypesSchema, []));

        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, dir.Path);

        (await source.ReadSchemaAsync(file, CancellationToken.None)).FieldsList.Should().HaveCount(TestBatches.AllTypesSchema.FieldsList.Count);
        (await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 10, 1))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("mixed")]
    public async Task WriteThenRead_StringsAsciiOrNot_SameValuesAndCutIndependentBytes(string kind)
    {
        using var dir = new TempDirectory();
        var file = dir.File("strings.parquet");
        var builder = new StringArray.Builder();
        var expected = new List<string?>();
        for (var i = 0; i < 700; i++)
        {
            string? value = i % 9 == 4 ? null : kind == "mixed" && i % 50 == 3 ? $"zoné {i} ✓" : $"value {i}";
            expected.Add(value);
            if (value is null) builder.AppendNull(); else builder.Append(value);
        }
        var schema = new Schema([new Field("s", StringType.Default, true)], null);
        var batch = new RecordBatch(schema, [builder.Build()], 700);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = dir.Path, RowGroupSize = 256 } });

        var whole = await TestBatches.WriteAsync(sink, schema, [batch]);
        var cut = await TestBatches.WriteAsync(sink, schema, TestBatches.Cut(batch, 3, 250, 1, 446));
        await File.WriteAllBytesAsync(file, whole);
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, dir.Path);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 100, 2));

        cut.Should().Equal(whole);
        chunks.SelectMany(c => Enumerable.Range(0, c.Batch.Length).Select(i => ((StringArray)c.Batch.Column(0)).GetString(i)))
            .Should().Equal(expected);
    }
}
