using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class ArrowPatchTests
{
    [Theory]
    [InlineData("int64")]
    [InlineData("float64")]
    [InlineData("string")]
    [InlineData("date")]
    [InlineData("boolean")]
    public void Replace_SlicedArray_PatchesOnlyTheGivenRows(string typeName)
    {
        var type = ColumnTypes.Parse(typeName);
        var values = Enumerable.Range(0, 30).Select(i => i % 4 == 1 ? null : Value(type, i)).ToArray();
        var sliced = ArrowArrayFactory.Slice(ArrowBuild.FromValues(type, values), 5, 20);
        var replacements = new Dictionary<int, object?> { [0] = Value(type, 100), [3] = null, [4] = Value(type, 101) };

        var patched = ArrowPatch.Replace(sliced, replacements);

        for (var i = 0; i < 20; i++)
        {
            var expected = replacements.TryGetValue(i, out var r) ? r : values[5 + i];
            ArrowValues.Get(patched, i).Should().BeEquivalentTo(expected, $"row {i}");
        }
        patched.NullCount.Should().Be(Enumerable.Range(0, 20).Count(i => (replacements.TryGetValue(i, out var r) ? r : values[5 + i]) is null));
    }

    private static object Value(IArrowType type, int i) => type switch
    {
        DoubleType => i * 0.5,
        StringType => $"v{i}",
        Date32Type => new DateOnly(2020, 1, 1).AddDays(i),
        BooleanType => i % 3 == 0,
        _ => (long)i * 7,
    };
}
