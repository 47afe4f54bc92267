using DataPrep.IO;

namespace DataPrep.Tests.IO.Parquet;

public sealed class ParquetSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _file;
    private readonly IBatchSource _source;

    public ParquetSourceTests()
    {
        _file = _dir.File("data.parquet");
        var batch = TestBatches.AllTypes(1000);
        var sink = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = _dir.Path, RowGroupSize = 90 } });
        File.WriteAllBytes(_file, TestBatches.WriteAsync(sink, batch.Schema, [batch]).GetAwaiter().GetResult());
        _source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = "data.parquet" } }, _dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAsync_Projection_OnlyRequestedColumnsInSchemaOrder()
    {
        var chunks = await TestBatches.ReadAllAsync(_source, _file, new ReadRequest(new HashSet<string> { "text", "id" }, 1000, 2));

        chunks.Should().AllSatisfy(c => c.Batch.Schema.FieldsList.Select(f => f.Name).Should().Equal("id", "text"));
        chunks.Sum(c => c.Batch.Length).Should().Be(1000);
    }

    [Fact]
    public async Task CountRowsAsync_TheFootersRowCount()
    {
        (await _source.CountRowsAsync(_file, CancellationToken.None)).Should().Be(1000);
    }

    [Fact]
    public async Task ReadAsync_UnknownColumn_ThrowsNamingIt()
    {
        var act = () => TestBatches.ReadAllAsync(_source, _file, new ReadRequest(new HashSet<string> { "nope" }, 100, 1));

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*'nope'*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task ReadAsync_ParallelRowGroups_RowsInFileOrder(int parallelism)
    {
        var chunks = await TestBatches.ReadAllAsync(_source, _file, new ReadRequest(new HashSet<string> { "id" }, 1000, parallelism));

        TestBatches.Rows(chunks.Select(c => c.Batch)).Select(r => (long)r[0]!).Should().Equal(Enumerable.Range(0, 1000).Select(i => (long)i));
        chunks.Should().AllSatisfy(c => c.RowNumber(0).Should().Be((long)TestBatches.Value(c.Batch.Column(0), 0)!));
    }

    [Theory]
    [InlineData(40)] // 90-row groups of at most 4 batches: the next group is decoded from the first batch on
    [InlineData(7)]  // 13 batches a group: the next group is decoded once the last batch is handed out
    public async Task ReadAsync_BatchSizeSmallerThanRowGroup_SlicesWithRowNumbers(int batchSize)
    {
        var chunks = await TestBatches.ReadAllAsync(_source, _file, new ReadRequest(null, batchSize, 3));

        chunks.Should().AllSatisfy(c => c.Batch.Length.Should().BeInRange(1, batchSize));
        chunks.Select(c => c.FirstRow).Should().Equal(Enumerable.Range(0, chunks.Count).Select(i => chunks.Take(i).Sum(c => (long)c.Batch.Length)));
        TestBatches.Rows(chunks.Select(c => c.Batch)).Should().BeEquivalentTo(TestBatches.Rows(TestBatches.AllTypes(1000)), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadAsync_StopEarly_DoesNotHang()
    {
        await foreach (var chunk in _source.ReadAsync(_file, new ReadRequest(null, 10, 4), CancellationToken.None))
        {
            chunk.Batch.Length.Should().Be(10);
            break;
        }
    }

    [Fact]
    public async Task ReadSchemaAsync_NotParquet_InvalidDataNamingFile()
    {
        var bad = _dir.File("bad.parquet");
        await File.WriteAllTextAsync(bad, "this is not parquet at all, just text");

        var act = () => _source.ReadSchemaAsync(bad, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*{bad}*");
    }

    [Fact]
    public async Task ReadAsync_Truncated_InvalidDataNamingFile()
    {
        var bytes = await File.ReadAllBytesAsync(_file);
        var cut = _dir.File("cut.parquet");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);

        var act = () => TestBatches.ReadAllAsync(_source, cut, new ReadRequest(null, 100, 2));

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*{cut}*");
    }

    [Fact]
    public async Task ReadAsync_CorruptPage_InvalidDataNamingFileAndRowGroup()
    {
        var bytes = await File.ReadAllBytesAsync(_file);
        for (var i = 100; i < bytes.Length / 2; i += 7) bytes[i] ^= 0x5A;
        var corrupt = _dir.File("corrupt.parquet");
        await File.WriteAllBytesAsync(corrupt, bytes);

        var act = () => TestBatches.ReadAllAsync(_source, corrupt, new ReadRequest(null, 100, 2));

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"*{corrupt}*row group*");
    }
}
