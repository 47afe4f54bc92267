using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Data;

public sealed class ArrowTakeTests
{
    private static readonly IArrowType[] Types =
    [
        Int8Type.Default, Int16Type.Default, Int32Type.Default, Int64Type.Default, UInt64Type.Default,
        FloatType.Default, DoubleType.Default, BooleanType.Default, StringType.Default, BinaryType.Default,
        Date32Type.Default, new TimestampType(TimeUnit.Microsecond, "UTC"), new Decimal128Type(10, 2),
    ];

    public static TheoryData<int> TypeIndexes() => [.. Enumerable.Range(0, Types.Length)];

    [Theory, MemberData(nameof(TypeIndexes))]
    public void Take_SlicedArrayWithNulls_PicksTheRowsInOrder(int typeIndex)
    {
        var type = Types[typeIndex];
        var values = Enumerable.Range(0, 40).Select(i => i % 5 == 2 ? null : Value(type, i)).ToArray();
        var full = ArrowBuild.FromValues(type, values);
        var sliced = ArrowArrayFactory.Slice(full, 7, 25); // offsets must be honoured
        int[] rows = [0, 24, 3, 3, 10, 1];

        var taken = ArrowTake.Take(sliced, rows);

        taken.Length.Should().Be(rows.Length);
        for (var i = 0; i < rows.Length; i++)
            ArrowValues.Get(taken, i).Should().BeEquivalentTo(values[7 + rows[i]], $"row {i} takes source row {7 + rows[i]}");
        taken.NullCount.Should().Be(rows.Count(r => values[7 + r] is null));
    }

    [Fact]
    public void Take_SlicedListsWithNullsAndNullElements_PicksTheRowsInOrder()
    {
        int?[]?[] values = [[1, 2], null, [], [3, null, 4], [5], null, [6, 7, 8], [9]];
        var sliced = ArrowArrayFactory.Slice(TestLists.Build(values), 1, 7); // offsets must be honoured
        int[] rows = [6, 2, 0, 2, 5, 1, 4];

        var taken = (ListArray)ArrowTake.Take(sliced, rows);

        TestLists.Rows(taken).Should().BeEquivalentTo(rows.Select(r => values[1 + r]).ToList(), o => o.WithStrictOrdering());
        taken.NullCount.Should().Be(2);
        taken.Values.Length.Should().Be(1 + 3 + 0 + 3 + 3 + 0 + 0, "only the taken lists' elements are kept");
    }

    [Fact]
    public void Take_ListsOfLists_TakesTheInnerListsToo()
    {
        var builder = new ListArray.Builder(new ListType(StringType.Default));
        var inner = (ListArray.Builder)builder.ValueBuilder;
        var strings = (StringArray.Builder)inner.ValueBuilder;
        string?[][][] rows = [[["a", "b"], []], [["c"]], [[null, "d"], ["e"]]];
        foreach (var row in rows)
        {
            builder.Append();
            foreach (var list in row)
            {
                inner.Append();
                foreach (var s in list) if (s is null) strings.AppendNull(); else strings.Append(s);
            }
        }

        var taken = (ListArray)ArrowTake.Take(builder.Build(), [2, 0]);

        var first = (ListArray)taken.GetSlicedValues(0);
        Strings(first.GetSlicedValues(0)).Should().Equal(null, "d");
        Strings(first.GetSlicedValues(1)).Should().Equal("e");
        var second = (ListArray)taken.GetSlicedValues(1);
        Strings(second.GetSlicedValues(0)).Should().Equal("a", "b");
        second.GetSlicedValues(1).Length.Should().Be(0);
    }

    [Fact]
    public void Take_NullListWithElements_KeepsNone()
    {
        var elements = new Int32Array.Builder().AppendRange([1, 2, 3]).Build();
        var offsets = new ArrowBuffer(new[] { 0, 1, 3 }.SelectMany(BitConverter.GetBytes).ToArray());
        var list = new ListArray(new ListType(Int32Type.Default), 2, offsets, elements, new ArrowBuffer(new byte[] { 0b01 }), 1);

        var taken = (ListArray)ArrowTake.Take(list, [1, 0]);

        TestLists.Rows(taken).Should().BeEquivalentTo(new List<int?[]?> { null, new int?[] { 1 } }, o => o.WithStrictOrdering());
        taken.Values.Length.Should().Be(1);
    }

    private static string?[] Strings(IArrowArray array) =>
        Enumerable.Range(0, array.Length).Select(i => ((StringArray)array).GetString(i)).ToArray();

    [Fact]
    public void Kept_Mask_ReturnsUnremovedIndexes() =>
        ArrowTake.Kept([false, true, true, false, false]).Should().Equal(0, 3, 4);

    private static object Value(IArrowType type, int i) => type switch
    {
        FloatType or DoubleType => i * 1.5,
        BooleanType => i % 3 == 0,
        StringType => $"s{i}é",
        BinaryType => new[] { (byte)i, (byte)(i * 3) },
        Date32Type => new DateOnly(2024, 1, 1).AddDays(i),
        TimestampType => new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i * 7),
        Decimal128Type => i * 1.25m,
        UInt64Type => (ulong)i * 1_000_000_007UL,
        _ => (long)(i - 20),
    };
}
