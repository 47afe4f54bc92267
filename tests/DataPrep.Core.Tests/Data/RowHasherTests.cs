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

    [Fact]
    public void Hash_EveryType_SlicedWithNulls_SameHashesUnslicedAndAsTheRowByRowDefinition()
    {
        // Every type the engine carries, sliced so offsets matter, with nulls, NaN, -0.0, empty strings and lists;
        // more rows than one block of the column-at-a-time encoder.
        IArrowType[] types =
        [
            Int8Type.Default, Int16Type.Default, Int32Type.Default, Int64Type.Default, UInt8Type.Default, UInt64Type.Default,
            FloatType.Default, DoubleType.Default, BooleanType.Default, StringType.Default, BinaryType.Default,
            Date32Type.Default, new TimestampType(TimeUnit.Microsecond, "UTC"), new Decimal128Type(12, 3),
        ];
        const int rows = 9000;
        var random = new Random(5);
        var fields = new List<Apache.Arrow.Field>();
        var arrays = new List<Apache.Arrow.IArrowArray>();
        var unsliced = new List<Apache.Arrow.IArrowArray>();
        foreach (var type in types)
        {
            var values = Enumerable.Range(0, rows + 10).Select(i => random.Next(7) == 0 ? null : Value(type, random)).ToArray();
            fields.Add(new Apache.Arrow.Field(type.Name, type, true));
            arrays.Add(Apache.Arrow.ArrowArrayFactory.Slice(ArrowBuild.FromValues(type, values), 10, rows));
            unsliced.Add(ArrowBuild.FromValues(type, values[10..]));
        }
        var lists = Enumerable.Range(0, rows + 10).Select(i => random.Next(9) == 0 ? null
            : Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(5) == 0 ? (int?)null : random.Next(100)).ToArray()).ToArray();
        var listArray = DataPrep.Tests.Support.TestLists.Build(lists);
        fields.Add(new Apache.Arrow.Field("list", listArray.Data.DataType, true));
        arrays.Add(Apache.Arrow.ArrowArrayFactory.Slice(listArray, 10, rows));
        unsliced.Add(DataPrep.Tests.Support.TestLists.Build(lists[10..]));
        fields.Add(new Apache.Arrow.Field("none", NullType.Default, true));
        arrays.Add(new Apache.Arrow.NullArray(rows));
        unsliced.Add(new Apache.Arrow.NullArray(rows));
        var schema = new Apache.Arrow.Schema(fields, null);
        var batch = new Apache.Arrow.RecordBatch(schema, arrays, rows);
        var plain = new Apache.Arrow.RecordBatch(schema, unsliced, rows);
        var all = Enumerable.Range(0, arrays.Count).ToArray();

        var hashes = RowHasher.Hash(batch, all);
        hashes.Should().Equal(RowHasher.Hash(plain, all));
        hashes.Should().Equal(RowHasher.HashRowByRow(batch, all));
        hashes.Distinct().Count().Should().BeGreaterThan(rows * 9 / 10);
        for (var c = 0; c < arrays.Count; c++)
        {
            RowHasher.Hash(batch, [c]).Should().Equal(RowHasher.Hash(plain, [c]), fields[c].Name);
            RowHasher.Hash(batch, [c]).Should().Equal(RowHasher.HashRowByRow(batch, [c]), fields[c].Name);
        }
    }

    private static object Value(IArrowType type, Random random) => type switch
    {
        FloatType or DoubleType => (object)(random.Next(6) switch { 0 => double.NaN, 1 => -0.0, _ => random.Next(50) / 4.0 }),
        BooleanType => random.Next(2) == 0,
        StringType => new string('x', random.Next(4)) + random.Next(30),
        BinaryType => Enumerable.Range(0, random.Next(5)).Select(_ => (byte)random.Next(256)).ToArray(),
        Date32Type => DateOnly.FromDayNumber(730_000 + random.Next(1000)),
        TimestampType => DateTimeOffset.UnixEpoch.AddSeconds(random.Next(1_000_000)),
        Decimal128Type => random.Next(100_000) / 1000m,
        _ => (long)random.Next(100),
    };
}
