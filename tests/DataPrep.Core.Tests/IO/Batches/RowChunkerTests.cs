using Apache.Arrow;
using DataPrep.Data;
using DataPrep.IO.Batches;

namespace DataPrep.Tests.IO.Batches;

public sealed class RowChunkerTests
{
    /// <summary>
    /// Taking rows gives the chunks of a batch of just those rows, and reusing a written chunk's
    /// buffers for the next rows changes nothing in what each chunk held while it was written.
    /// </summary>
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(7, 0.03)]
    [InlineData(100, 0.5)]
    [InlineData(100, 0.97)]
    [InlineData(1000, 0.0)]
    [InlineData(64, 1.0)]
    [InlineData(64, -1.0)]
    public async Task AddAsync_SomeRows_SameChunksAsAddingTheTakenRows(int rowsPerChunk, double removed)
    {
        var random = new Random(rowsPerChunk);
        var batches = TestBatches.Cut(TestBatches.AllTypes(600), 1, 99, 200, 300).ToList();
        var taking = new RowChunker(TestBatches.AllTypesSchema, rowsPerChunk);
        var reference = new RowChunker(TestBatches.AllTypesSchema, rowsPerChunk);
        var taken = new List<(int Length, List<object?[]> Rows, int[] NullCounts)>();
        var expected = new List<RecordBatch>();
        foreach (var batch in batches)
        {
            // removed < 0: every row, through the null row list.
            var rows = removed < 0 ? null : Enumerable.Range(0, batch.Length).Where(_ => random.NextDouble() >= removed).ToArray();
            await taking.AddAsync(batch, rows, chunk =>
            {
                taken.Add(Snapshot(chunk));
                return Task.CompletedTask;
            });
            if (rows is null) expected.AddRange(await TestBatches.AddCopiedAsync(reference, batch));
            else
            {
                using var kept = ArrowTake.Take(batch, rows);
                expected.AddRange(await TestBatches.AddCopiedAsync(reference, kept));
            }
        }
        if (taking.Finish() is { } last) taken.Add(Snapshot(last));
        if (reference.Finish() is { } rest) expected.Add(rest);

        taken.Select(t => t.Length).Should().Equal(expected.Select(b => b.Length));
        taken.SelectMany(t => t.Rows).Should().BeEquivalentTo(TestBatches.Rows(expected), o => o.WithStrictOrdering());
        taken.Select(t => string.Join(",", t.NullCounts)).Should().Equal(expected.Select(b => string.Join(",", Enumerable.Range(0, b.ColumnCount).Select(c => b.Column(c).NullCount))));
    }

    [Fact]
    public async Task AddAsync_ReusedBuffers_LaterChunksDoNotSeeEarlierRows()
    {
        // Strings of falling length: a reused data buffer holds the longer values of the chunk before.
        var schema = new Schema([new Field("s", Apache.Arrow.Types.StringType.Default, true)], null);
        var builder = new StringArray.Builder();
        for (var i = 0; i < 300; i++)
        {
            if (i % 5 == 0) builder.AppendNull();
            else builder.Append(new string((char)('a' + i % 26), 300 - i));
        }
        var batch = new RecordBatch(schema, [builder.Build()], 300);
        var chunker = new RowChunker(schema, 50);
        var seen = new List<string?>();
        await chunker.AddAsync(batch, null, chunk =>
        {
            var strings = (StringArray)chunk.Column(0);
            strings.Data.Buffers[1].Length.Should().Be(51 * 4, "offsets are sliced to the rows");
            strings.Data.Buffers[2].Length.Should().Be(strings.ValueOffsets[^1], "data is sliced to the values");
            for (var i = 0; i < chunk.Length; i++) seen.Add(strings.GetString(i));
            return Task.CompletedTask;
        });

        seen.Should().Equal(Enumerable.Range(0, 300).Select(i => i % 5 == 0 ? null : new string((char)('a' + i % 26), 300 - i)));
    }

    [Fact]
    public async Task AddAsync_RowsNotAscendingOrOutside_Throws()
    {
        var batch = TestBatches.AllTypes(10);

        await new RowChunker(TestBatches.AllTypesSchema, 100).Invoking(c => c.AddAsync(batch, [3, 2], _ => Task.CompletedTask))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*ascending*");
        await new RowChunker(TestBatches.AllTypesSchema, 100).Invoking(c => c.AddAsync(batch, [0, 10], _ => Task.CompletedTask))
            .Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    private static (int Length, List<object?[]> Rows, int[] NullCounts) Snapshot(RecordBatch chunk) =>
        (chunk.Length, TestBatches.Rows(chunk), Enumerable.Range(0, chunk.ColumnCount).Select(c => chunk.Column(c).NullCount).ToArray());
}
