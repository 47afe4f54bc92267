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
}
