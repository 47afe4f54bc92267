using DataPrep.IO.Parquet;

namespace DataPrep.Tests.IO.Parquet;

public sealed class DefinitionLevelsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 64)]
    [InlineData(3, 61)]
    [InlineData(8, 37)]
    [InlineData(5, 0)]
    public void FromValidity_ThenToValidity_SameBitsAndCounts(int offset, int rows)
    {
        var random = new Random(offset * 100 + rows);
        var bitmap = new byte[(offset + rows + 7) / 8 + 1];
        random.NextBytes(bitmap);
        var levels = new int[rows];

        var present = DefinitionLevels.FromValidity(bitmap, offset, levels);

        for (var i = 0; i < rows; i++)
            levels[i].Should().Be((bitmap[(offset + i) >> 3] >> ((offset + i) & 7)) & 1);
        present.Should().Be(levels.Count(l => l == 1));
        var back = DefinitionLevels.ToValidity(levels, rows, out var nulls);
        nulls.Should().Be(rows - present);
        if (nulls == 0) back.Should().BeNull();
        else
            for (var i = 0; i < rows; i++)
                ((back![i >> 3] >> (i & 7)) & 1).Should().Be(levels[i]);
    }

    [Fact]
    public void ToValidity_NoLevels_Null()
    {
        DefinitionLevels.ToValidity(null, 10, out var nulls).Should().BeNull();
        nulls.Should().Be(0);
    }
}
