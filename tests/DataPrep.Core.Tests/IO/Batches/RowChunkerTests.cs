using Apache.Arrow;
using DataPrep.Data;
using DataPrep.IO.Batches;

namespace DataPrep.Tests.IO.Batches;

public sealed class RowChunkerTests
{
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(7, 0.03)]
    [InlineData(100, 0.5)]
    [InlineData(100, 0.97)]
    [InlineData(1000, 0.0)]
    [InlineData(64, 1.0)]
    public void Add_SomeRows_SameChunksAsAddingTheTakenRows(int rowsPerChunk, double removed)
    {
        var random = new Random(rowsPerChunk);
        var batches = TestBatches.Cut(TestBatches.AllTypes(600), 1, 99, 200, 300).ToList();
        var taking = new RowChunker(TestBatches.AllTypesSchema, rowsPerChunk);
        var reference = new RowChunker(TestBatches.AllTypesSchema, rowsPerChunk);
        var taken = new List<RecordBatch>();
        var expected = new List<RecordBatch>();
        foreach (var batch in batches)
        {
            var rows = Enumerable.Range(0, batch.Length).Where(_ => random.NextDouble() >= removed).ToArray();
            taken.AddRange(taking.Add(batch, rows));
            using var kept = ArrowTake.Take(batch, rows);
            expected.AddRange(reference.Add(kept));
        }
        if (taking.Finish() is { } last) taken.Add(last);
        if (reference.Finish() is { } rest) expected.Add(rest);

        taken.Select(b => b.Length).Should().Equal(expected.Select(b => b.Length));
        TestBatches.Rows(taken).Should().BeEquivalentTo(TestBatches.Rows(expected), o => o.WithStrictOrdering());
        for (var i = 0; i < taken.Count; i++)
            for (var c = 0; c < taken[i].ColumnCount; c++)
                taken[i].Column(c).Data.NullCount.Should().Be(expected[i].Column(c).Data.NullCount);
    }

    [Fact]
    public void Add_RowsNotAscendingOrOutside_Throws()
    {
        var batch = TestBatches.AllTypes(10);
        var chunker = new RowChunker(TestBatches.AllTypesSchema, 100);

        chunker.Invoking(c => c.Add(batch, [3, 2])).Should().Throw<ArgumentException>().WithMessage("*ascending*");
        new RowChunker(TestBatches.AllTypesSchema, 100).Invoking(c => c.Add(batch, [0, 10])).Should().Throw<ArgumentOutOfRangeException>();
    }
}
