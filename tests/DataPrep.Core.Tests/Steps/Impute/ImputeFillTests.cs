using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps.Impute;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Impute;

public sealed class ImputeFillTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FillStrings_SlicedColumn_MissingRowsGetTheFillOthersKeepTheirValue(bool someNullsNotMissing)
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 500).Select(i => random.Next(4) == 0 ? null : random.Next(6) == 0 ? "" : "vàl" + i).ToArray();
        var sliced = (StringArray)ArrowArrayFactory.Slice(ArrowBuild.FromValues(StringType.Default, values), 13, 450);
        // Missing: the nulls, except (in the second case) every third null, which a rule left alone.
        var missing = Enumerable.Range(0, 450).Select(i => values[13 + i] is null && !(someNullsNotMissing && i % 3 == 0)).ToArray();

        var filled = ImputeFill.FillStrings(sliced, missing, "Ünknown"u8);

        filled.Length.Should().Be(450);
        for (var i = 0; i < 450; i++)
        {
            var expected = missing[i] ? "Ünknown" : values[13 + i];
            filled.GetString(i).Should().Be(expected, $"row {i}");
            filled.IsNull(i).Should().Be(expected is null, $"row {i}");
        }
        filled.NullCount.Should().Be(Enumerable.Range(0, 450).Count(i => !missing[i] && values[13 + i] is null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FillDoubles_SlicedColumn_MissingRowsGetTheFillOthersKeepTheirValue(bool someNullsNotMissing)
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 500).Select(i => random.Next(5) == 0 ? null : (object)(random.Next(7) == 0 ? double.NaN : i * 0.5)).ToArray();
        var sliced = (DoubleArray)ArrowArrayFactory.Slice(ArrowBuild.FromValues(DoubleType.Default, values), 9, 480);
        // Missing: the nulls and NaNs, except (in the second case) every third null.
        var missing = Enumerable.Range(0, 480).Select(i => values[9 + i] is null ? !(someNullsNotMissing && i % 3 == 0) : double.IsNaN((double)values[9 + i]!)).ToArray();

        var filled = ImputeFill.FillDoubles(sliced, missing, 2.25);

        for (var i = 0; i < 480; i++)
        {
            var expected = missing[i] ? 2.25 : (double?)values[9 + i];
            filled.GetValue(i).Should().Be(expected, $"row {i}");
        }
        filled.NullCount.Should().Be(Enumerable.Range(0, 480).Count(i => !missing[i] && values[9 + i] is null));
    }

    [Fact]
    public void FillStringsAndDoubles_IntoRecycledArrays_SameColumnsAsIntoNewOnes()
    {
        // In the final pass the fills take their buffers from the recycler, whose arrays still hold
        // an earlier batch's bytes: every byte the column reads must be written (the first offset too).
        const int n = 20_000; // 160 KB of doubles, 80 KB of offsets: both past the recycler's 64 KB floor
        var recycler = TestRecyclers.Dirty();
        var random = new Random(5);
        var text = Enumerable.Range(0, n).Select(i => random.Next(4) == 0 ? null : "välue " + i).ToArray();
        var numbers = Enumerable.Range(0, n).Select(i => random.Next(5) == 0 ? null : (object)(i * 0.25)).ToArray();
        var strings = (StringArray)ArrowBuild.FromValues(StringType.Default, text);
        var doubles = (DoubleArray)ArrowBuild.FromValues(DoubleType.Default, numbers);
        var missingText = text.Select(t => t is null).ToArray();
        var missingNumbers = numbers.Select(x => x is null).ToArray();

        var recycledStrings = ImputeFill.FillStrings(strings, missingText, "none"u8, recycler);
        var recycledDoubles = ImputeFill.FillDoubles(doubles, missingNumbers, -1.5, recycler);

        recycler.Reused.Should().BeGreaterThanOrEqualTo(3, "the offsets, the bytes and the values come from the recycler");
        var newStrings = ImputeFill.FillStrings(strings, missingText, "none"u8);
        var newDoubles = ImputeFill.FillDoubles(doubles, missingNumbers, -1.5);
        recycledStrings.ValueOffsets.ToArray().Should().Equal(newStrings.ValueOffsets.ToArray());
        recycledStrings.Values.ToArray().Should().Equal(newStrings.Values.ToArray());
        recycledDoubles.Values.ToArray().Should().Equal(newDoubles.Values.ToArray());
        Enumerable.Range(0, n).Select(i => recycledStrings.GetString(i)).Should().Equal(text.Select(t => t ?? "none"));
    }

    [Fact]
    public void ModeCounter_Strings_CountsAcrossMergedCountersTiesGoToTheSmallest()
    {
        // "é" (U+00E9) and "z": two each after the merge, and "é" sorts after "z" in ordinal order; "a" once.
        var first = new ModeCounter();
        var second = new ModeCounter();
        var a = (StringArray)ArrowBuild.FromValues(StringType.Default, ["é", "z", null, "a"]);
        var b = (StringArray)ArrowBuild.FromValues(StringType.Default, ["z", "é", "é"]);
        first.Add(a, [false, false, true, false]);
        second.Add(b, [false, false, true]); // the last "é" is missing (not counted)

        first.Merge(second);

        first.Mode(StringType.Default).Should().Be("z");
        new ModeCounter().Mode(StringType.Default).Should().BeNull();
    }
}
