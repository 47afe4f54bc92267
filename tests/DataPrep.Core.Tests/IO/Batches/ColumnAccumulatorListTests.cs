using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Tests.Support;
using DataPrep.IO.Batches;

namespace DataPrep.Tests.IO.Batches;

public sealed class ColumnAccumulatorListTests
{


    [Fact]
    public void AppendBuild_SlicesOfLists_SameRowsWithZeroBasedOffsets()
    {
        int?[]?[] rows = [[1, 2], null, [], [3, null, 4], [5], null, [6, 7, 8]];
        var list = TestLists.Build(rows);
        var accumulator = new ColumnAccumulator(list.Data.DataType, 2);

        accumulator.Append(list, 0, 3);
        accumulator.Append(ArrowArrayFactory.Slice(list, 2, 5), 1, 4);
        var built = (ListArray)accumulator.Build();

        TestLists.Rows(built).Should().BeEquivalentTo(rows.ToList(), o => o.WithStrictOrdering());
        built.ValueOffsets[0].Should().Be(0);
        built.Values.Length.Should().Be(9);
        built.NullCount.Should().Be(2);
    }

    [Fact]
    public void AppendBuild_NullListWithElements_GetsNoElements()
    {
        var values = new Int32Array.Builder().AppendRange([1, 2, 3]).Build();
        var offsets = new ArrowBuffer(new[] { 0, 1, 3 }.SelectMany(BitConverter.GetBytes).ToArray());
        var list = new ListArray(new ListType(Int32Type.Default), 2, offsets, values, new ArrowBuffer(new byte[] { 0b01 }), 1);
        var accumulator = new ColumnAccumulator(list.Data.DataType, 4);

        accumulator.Append(list, 0, 2);
        var built = (ListArray)accumulator.Build();

        TestLists.Rows(built).Should().BeEquivalentTo(new List<int?[]?> { new int?[] { 1 }, null }, o => o.WithStrictOrdering());
        built.ValueOffsets.ToArray().Should().Equal(0, 1, 1);
    }

    [Fact]
    public void SameType_Lists_ComparesElementTypes()
    {
        ColumnTypes.SameType(new ListType(Int64Type.Default), new ListType(Int64Type.Default)).Should().BeTrue();
        ColumnTypes.SameType(new ListType(Int64Type.Default), new ListType(StringType.Default)).Should().BeFalse();
        ColumnTypes.Format(new ListType(StringType.Default)).Should().Be("list<string>");
    }
}
