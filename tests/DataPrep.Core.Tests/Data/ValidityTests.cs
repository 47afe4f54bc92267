using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;

namespace DataPrep.Tests.Data;

public sealed class ValidityTests
{
    // 0 and 8 take the byte-aligned table; the others the bit-by-bit loop. Lengths cover a whole
    // number of bytes, a tail, and fewer than eight rows.
    [Theory]
    [InlineData(0, 64)]
    [InlineData(0, 61)]
    [InlineData(8, 45)]
    [InlineData(3, 50)]
    [InlineData(13, 5)]
    public void Expand_SlicedArrayWithNulls_MatchesIsValidRowByRow(int offset, int length)
    {
        var values = Enumerable.Range(0, 80).Select(i => i % 3 == 1 || i % 7 == 0 ? (double?)null : i).ToArray();
        var full = ArrowBuild.FromValues(DoubleType.Default, values.Cast<object?>().ToArray());
        var sliced = ArrowArrayFactory.Slice(full, offset, length);
        var valid = new bool[length];
        var missing = new bool[length];

        new Validity(sliced).Expand(valid, valid: true);
        new Validity(sliced).Expand(missing, valid: false);

        for (var i = 0; i < length; i++)
        {
            var expected = values[offset + i] is not null;
            sliced.IsValid(i).Should().Be(expected, "the slice's own answer for row {0}", i);
            new Validity(sliced).IsValid(i).Should().Be(expected, "row {0}", i);
            valid[i].Should().Be(expected, "row {0} expanded as valid flags", i);
            missing[i].Should().Be(!expected, "row {0} expanded as null flags", i);
            // A bool written from the table must be exactly 0 or 1, as the runtime's own bools are.
            System.Runtime.CompilerServices.Unsafe.As<bool, byte>(ref valid[i]).Should().BeLessThanOrEqualTo(1);
        }
    }

    [Fact]
    public void Expand_NoNulls_FillsEveryFlag()
    {
        var array = ArrowBuild.FromValues(DoubleType.Default, [1.0, 2.0, 3.0]);
        var valid = new bool[3];
        var missing = new[] { true, true, true };

        new Validity(array).Expand(valid, valid: true);
        new Validity(array).Expand(missing, valid: false);

        new Validity(array).HasNulls.Should().BeFalse();
        valid.Should().AllBeEquivalentTo(true);
        missing.Should().AllBeEquivalentTo(false);
    }

    [Fact]
    public void IsValid_NullTypeArray_EveryRowNull()
    {
        var array = new NullArray(4);
        var flags = new bool[4];

        new Validity(array).Expand(flags, valid: false);

        flags.Should().AllBeEquivalentTo(true);
        Enumerable.Range(0, 4).Select(i => new Validity(array).IsValid(i)).Should().AllBeEquivalentTo(false);
    }
}
