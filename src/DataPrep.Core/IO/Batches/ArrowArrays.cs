using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.IO.Batches;

/// <summary>Builds Arrow arrays straight from filled buffers (no builders, no per-value calls).</summary>
internal static class ArrowArrays
{
    /// <summary>A fixed-width or boolean array; <paramref name="validity"/> is ignored when there are no nulls.</summary>
    public static IArrowArray Fixed(IArrowType type, int length, byte[] values, byte[]? validity, int nullCount) =>
        ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0,
            [Validity(validity, nullCount), new ArrowBuffer(values)]));

    /// <summary>A string or binary array from Arrow offsets (length + 1 int32 values) and data bytes.</summary>
    public static IArrowArray Variable(IArrowType type, int length, byte[] offsets, byte[] data, byte[]? validity, int nullCount) =>
        ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0,
            [Validity(validity, nullCount), new ArrowBuffer(offsets), new ArrowBuffer(data)]));

    /// <summary>A fixed-width or boolean array over buffers that may be longer than the data (not copied).</summary>
    public static IArrowArray Fixed(IArrowType type, int length, ReadOnlyMemory<byte> values, ReadOnlyMemory<byte> validity, int nullCount) =>
        ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0,
            [nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(values)]));

    /// <summary>A string or binary array over buffers that may be longer than the data (not copied).</summary>
    public static IArrowArray Variable(IArrowType type, int length, ReadOnlyMemory<byte> offsets, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> validity, int nullCount) =>
        ArrowArrayFactory.BuildArray(new ArrayData(type, length, nullCount, 0,
            [nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(offsets), new ArrowBuffer(data)]));

    /// <summary>An array's validity bits (bit <c>Offset + row</c> for a row), or empty when it has no nulls.</summary>
    public static ReadOnlySpan<byte> ValidityBits(IArrowArray array) =>
        array.NullCount == 0 || array.Data.DataType is NullType ? default : array.Data.Buffers[0].Span;

    public static bool IsVariable(IArrowType type) => type.TypeId is ArrowTypeId.String or ArrowTypeId.Binary;

    /// <summary>Bits per value of a fixed-width type (1 for boolean), or 0 when the type is not fixed-width.</summary>
    public static int BitWidth(IArrowType type) => type switch
    {
        FixedSizeBinaryType f => f.ByteWidth * 8,
        FixedWidthType f => f.BitWidth,
        _ => 0,
    };

    // Canonical form: no validity buffer at all when nothing is null, so equal rows give equal bytes.
    private static ArrowBuffer Validity(byte[]? validity, int nullCount) =>
        nullCount == 0 || validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity);
}
