namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Unsigned LEB128 varints (seven bits a byte, low group first, high bit set on all but the last):
/// the RLE/bit-packed hybrid's run headers and the Thrift compact protocol's integers and lengths.
/// Snappy's block length is one too, but limited to 32 bits and five bytes; <see cref="SnappyBlock"/>
/// keeps its own reader for that.
/// </summary>
internal static class Leb128
{
    /// <summary>The most bytes a 64-bit value takes.</summary>
    public const int MaxBytes = 10;

    /// <summary>
    /// Reads a varint at <paramref name="position"/> and moves past it. Throws
    /// <see cref="InvalidDataException"/> with <paramref name="truncated"/> when the data ends inside it,
    /// and one naming <paramref name="what"/> (what holds the varint) when it runs past ten bytes.
    /// </summary>
    public static ulong Read(ReadOnlySpan<byte> data, ref int position, string what, string truncated)
    {
        // Most run headers and header fields fit in one byte.
        if ((uint)position < (uint)data.Length && data[position] < 0x80) return data[position++];
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if ((uint)position >= (uint)data.Length) Throw(truncated);
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        Throw($"{what} has a malformed varint (longer than ten bytes)");
        return 0;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void Throw(string message) => throw new InvalidDataException(message);

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least <see cref="MaxBytes"/> long, or enough for the value) and returns the bytes written.</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        var n = 0;
        while (value >= 0x80)
        {
            destination[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[n++] = (byte)value;
        return n;
    }
}
