using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

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
