using Apache.Arrow.Ipc;
using DataPrep.IO;

namespace DataPrep.Tests.IO.Arrow;

public sealed class ArrowIpcTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IBatchSource Source(string path) => Formats.CreateSource(new SourceOptions { Arrow = new ArrowSourceOptions { Path = path } }, _dir.Path);

    private static ISinkFormat Sink(int batchRows) => Formats.CreateSink(new SinkOptions { Arrow = new ArrowSinkOptions { Path = "out", BatchRows = batchRows } });

    [Fact]
    public async Task WriteThenRead_AllTypesWithNulls_SameValuesInExactBatches()
    {
        var batch = TestBatches.AllTypes(250);
        var file = _dir.File("all.arrow");
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(Sink(100), batch.Schema, TestBatches.Cut(batch, 37)));
        var source = Source("all.arrow");

        var schema = await source.ReadSchemaAsync(file, CancellationToken.None);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 1000, 1));

        source.ResolveFiles().Should().Equal(file);
        schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable))
            .Should().Equal(batch.Schema.FieldsList.Select(f => (f.Name, f.DataType.TypeId, f.IsNullable)));
        chunks.Select(c => c.Batch.Length).Should().Equal(100, 100, 50);
        chunks.Select(c => c.FirstRow).Should().Equal(0, 100, 200);
        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(TestBatches.Rows(batch), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Write_SameRowsInDifferentBatches_IdenticalBytes()
    {
        var batch = TestBatches.AllTypes(500);

        var whole = await TestBatches.WriteAsync(Sink(128), batch.Schema, [batch]);
        var cut = await TestBatches.WriteAsync(Sink(128), batch.Schema, TestBatches.Cut(batch, 1, 127, 3, 250, 9));

        cut.Should().Equal(whole);
        whole.AsSpan(0, 6).ToArray().Should().Equal("ARROW1"u8.ToArray());
    }

    [Fact]
    public async Task ReadAsync_StreamFormat_DetectedFromBytesProjectedAndSliced()
    {
        var batch = TestBatches.AllTypes(90);
        var file = _dir.File("data.arrow"); // stream bytes behind a file extension: detection must not trust it
        await using (var stream = File.Create(file))
        using (var writer = new ArrowStreamWriter(stream, batch.Schema))
        {
            await writer.WriteRecordBatchAsync(batch);
            await writer.WriteRecordBatchAsync(TestBatches.AllTypes(10, 90));
            await writer.WriteEndAsync();
        }

        var chunks = await TestBatches.ReadAllAsync(Source(file), file, new ReadRequest(new HashSet<string> { "text", "id" }, 40, 1));

        chunks.Select(c => c.Batch.Length).Should().Equal(40, 40, 10, 10);
        chunks.Select(c => c.FirstRow).Should().Equal(0, 40, 80, 90);
        chunks[0].Batch.Schema.FieldsList.Select(f => f.Name).Should().Equal("id", "text");
        TestBatches.Rows(chunks.Select(c => c.Batch)).Select(r => r[0]).Should().Equal(Enumerable.Range(0, 100).Select(i => (object?)(long)i));
    }

    [Fact]
    public async Task Write_NoRows_ValidEmptyFile()
    {
        var file = _dir.File("empty.arrow");
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(Sink(10), TestBatches.AllTypesSchema, []));

        (await Source(file).ReadSchemaAsync(file, CancellationToken.None)).FieldsList.Should().HaveCount(TestBatches.AllTypesSchema.FieldsList.Count);
        (await TestBatches.ReadAllAsync(Source(file), file, new ReadRequest(null, 10, 1))).Should().BeEmpty();
    }

    [Fact]
    public async Task ReadSchemaAsync_NotArrow_InvalidDataNamingFile()
    {
        var file = _dir.File("bad.arrow");
        await File.WriteAllTextAsync(file, "definitely not arrow");

        var act = () => Source(file).ReadSchemaAsync(file, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*{file}*");
    }
}
