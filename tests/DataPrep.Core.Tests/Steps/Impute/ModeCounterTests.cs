using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps.Impute;

namespace DataPrep.Tests.Steps.Impute;

/// <summary>
/// String counting goes through a per-batch table before the run's dictionary, and past
/// <see cref="ModeCounter.BatchDistinct"/> distinct values straight into the dictionary; every
/// value's count must come out the same as counting row by row.
/// </summary>
public sealed class ModeCounterTests
{
    [Theory]
    [InlineData(5, 1)]
    [InlineData(ModeCounter.BatchDistinct - 1, 2)]
    [InlineData(ModeCounter.BatchDistinct, 3)]
    [InlineData(3 * ModeCounter.BatchDistinct, 4)]
    public void Add_SlicedStringBatches_EveryValueCountedAsRowByRow(int distinct, int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 5000).Select(_ => random.Next(10) == 0 ? null : random.Next(7) == 0 ? "" : "cät" + random.Next(distinct)).ToArray();
        var column = ArrowBuild.FromValues(StringType.Default, values);
        var counter = new ModeCounter();
        var expected = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var start = 0; start < values.Length;)
        {
            var length = Math.Min(random.Next(1, 1500), values.Length - start);
            var batch = (StringArray)ArrowArrayFactory.Slice(column, start, length);
            // Missing: the nulls, and every fifth row besides (a rule may say so); a null not missing counts as "".
            var missing = Enumerable.Range(0, length).Select(i => values[start + i] is null ? i % 3 != 0 : (start + i) % 5 == 0).ToArray();
            counter.Add(batch, missing);
            for (var i = 0; i < length; i++)
                if (!missing[i]) expected[values[start + i] ?? ""] = expected.GetValueOrDefault(values[start + i] ?? "") + 1;
            start += length;
        }

        foreach (var (value, count) in expected) counter.CountOf(value).Should().Be(count, value);
        counter.Mode(StringType.Default).Should().Be(expected.OrderByDescending(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key);
    }
}
