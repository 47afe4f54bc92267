using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class RowHasherTests
{
    [Fact]
    public void Hash_EqualRowsEqual_NullDiffersFromEmptyAndZero()
    {
        var strings = ArrowBuild.FromValues(StringType.Default, ["a", "a", "", null, "ab"]);
        var numbers = ArrowBuild.FromValues(DoubleType.Default, [0.0, -0.0, 0.0, 0.0, double.NaN]);
        var batch = new Apache.Arrow.RecordBatch(new Apache.Arrow.Schema(
            [new Apache.Arrow.Field("s", StringType.Default, true), new Apache.Arrow.Field("d", DoubleType.Default, true)], null),
            [strings, numbers], 5);

        var h = RowHasher.Hash(batch, [0, 1]);

        h[0].Should().Be(h[1], "-0.0 equals 0.0");
        h[2].Should().NotBe(h[3], "an empty string is not null");
        h.Distinct().Should().HaveCount(4);
    }

    [Fact]
    public void Hash_ColumnBoundariesMatter()
    {
        // ("ab","c") and ("a","bc") concatenate alike; the length prefix keeps them apart.
        var a = ArrowBuild.FromValues(StringType.Default, ["ab", "a"]);
        var b = ArrowBuild.FromValues(StringType.Default, ["c", "bc"]);
        var batch = new Apache.Arrow.RecordBatch(new Apache.Arrow.Schema(
            [new Apache.Arrow.Field("a", StringType.Default, true), new Apache.Arrow.Field("b", StringType.Default, true)], null), [a, b], 2);

        var h = RowHasher.Hash(batch, [0, 1]);

        h[0].Should().NotBe(h[1]);
    }

    [Fact]
    public void Hash_Lists_EqualContentEqual_LengthsNullsAndBoundariesMatter()
    {
        // Rows 0 and 7 are equal lists stored at different offsets (7 through a slice); the rest differ
        // from each other by one element, a null element, a null list, or where the elements split.
        int?[]?[] values = [[1, 2], [1, 2, 0], [1, null], null, [], [null], [1], [1, 2]];
        var lists = DataPrep.Tests.Support.TestLists.Build(values);
        var tail = ArrowBuild.FromValues(Int32Type.Default, [2L, 0L, 0L, 0L, 0L, 0L, 2L, 0L]);
        var schema = new Apache.Arrow.Schema(
            [new Apache.Arrow.Field("l", lists.Data.DataType, true), new Apache.Arrow.Field("t", Int32Type.Default, true)], null);
        var batch = new Apache.Arrow.RecordBatch(schema, [lists, tail], values.Length);

        var single = RowHasher.Hash(batch, [0]);
        var sliced = RowHasher.Hash(new Apache.Arrow.RecordBatch(new Apache.Arrow.Schema([schema.GetFieldByIndex(0)], null),
            [Apache.Arrow.ArrowArrayFactory.Slice(lists, 7, 1)], 1), [0]);
        var both = RowHasher.Hash(batch, [0, 1]);

        single[0].Should().Be(single[7]);
        sliced[0].Should().Be(single[0], "a slice hashes its own elements");
        single.Take(7).Distinct().Should().HaveCount(7);
        both[6].Should().NotBe(single[0], "the row ([1], 2) is not the row ([1, 2]): the element count keeps them apart");
    }
}
