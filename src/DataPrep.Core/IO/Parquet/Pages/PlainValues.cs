using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using DataPrep.IO.Batches;
using Apache.Arrow.Types;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// The PLAIN encoding of an Arrow array's non-null values, as Parquet.Net 6.1 writes them, and the
/// min/max statistics it derives from them (little-endian bytes of the stored value; null where it
/// keeps none). Values are read from the Arrow buffers in place: no value is boxed or copied first.
/// </summary>
internal static class PlainValues
{
    public static (byte[]? Min, byte[]? Max) Write(PageBuffer page, IArrowArray array, string column) => array.Data.DataType switch
    {
        // Parquet.Net's INT32/INT64 decimals (precision up to 9 / 18): the unscaled value, which is what
        // (long)(d * 10^scale) gives back for every decimal d of that precision.
        Decimal128Type { Precision: <= 9 } d => Decimals<int>(page, array, d, column),
        Decimal128Type { Precision: <= 18 } d => Decimals<long>(page, array, d, column),
        Int32Type => Same<int>(page, array, emptyStats: true),
        Int64Type => Same<long>(page, array, emptyStats: true),
        UInt32Type => Same<uint>(page, array, emptyStats: true),
        UInt64Type => Same<ulong>(page, array, emptyStats: true),
        FloatType => Same<float>(page, array, emptyStats: true),
        DoubleType => Same<double>(page, array, emptyStats: true),
        // Days since the epoch, as Arrow keeps them; Parquet.Net keeps no min/max for a chunk without dates.
        Date32Type => Same<int>(page, array, emptyStats: false),
        // TIMESTAMP(MICROS) as Arrow keeps microseconds; no min/max without a value, as for dates.
        TimestampType { Unit: TimeUnit.Microsecond } => Same<long>(page, array, emptyStats: false),
        Int8Type => Widened<sbyte>(page, array),
        Int16Type => Widened<short>(page, array),
        UInt8Type => Widened<byte>(page, array),
        UInt16Type => Widened<ushort>(page, array),
        BooleanType => Booleans(page, array),
        StringType => ByteArrays(page, (BinaryArray)array, stats: true),
        BinaryType => ByteArrays(page, (BinaryArray)array, stats: false), // Parquet.Net keeps no min/max for binary
        _ => throw new NotSupportedException($"type '{array.Data.DataType.Name}' has no PLAIN encoder here"),
    };

    /// <summary>Types stored as they are in Arrow: a copy of the non-null values.</summary>
    private static (byte[]?, byte[]?) Same<T>(PageBuffer page, IArrowArray array, bool emptyStats)
        where T : unmanaged, INumber<T>
    {
        var source = MemoryMarshal.Cast<byte, T>(array.Data.Buffers[1].Span).Slice(array.Offset, array.Length);
        var count = array.Length - array.NullCount;
        var size = Unsafe.SizeOf<T>();
        var output = MemoryMarshal.Cast<byte, T>(page.GetSpan(count * size))[..count];
        if (array.NullCount == 0) source.CopyTo(output);
        else Gather(source, array.Data.Buffers[0].Span, array.Offset, output);
        page.Advance(count * size);
        if (count == 0 && !emptyStats) return (null, null);
        var (min, max) = MinMax<T>(output);
        return (Bytes(min), Bytes(max));
    }

    /// <summary>8- and 16-bit integers: Parquet stores them as INT32 (sign- or zero-extended, which keeps their order).</summary>
    private static (byte[]?, byte[]?) Widened<T>(PageBuffer page, IArrowArray array)
        where T : unmanaged, IBinaryInteger<T>
    {
        var source = MemoryMarshal.Cast<byte, T>(array.Data.Buffers[1].Span).Slice(array.Offset, array.Length);
        var count = array.Length - array.NullCount;
        var output = MemoryMarshal.Cast<byte, int>(page.GetSpan(count * 4))[..count];
        var validity = ArrowArrays.ValidityBits(array);
        for (int i = 0, v = 0; i < source.Length; i++)
            if (validity.IsEmpty || BitUtility.GetBit(validity, array.Offset + i)) output[v++] = int.CreateTruncating(source[i]);
        page.Advance(count * 4);
        var (min, max) = MinMax<int>(output);
        return (Bytes(min), Bytes(max));
    }

    private static (byte[]?, byte[]?) Decimals<T>(PageBuffer page, IArrowArray array, Decimal128Type type, string column)
        where T : unmanaged, IBinaryInteger<T>, IMinMaxValue<T>
    {
        var source = MemoryMarshal.Cast<byte, Int128>(array.Data.Buffers[1].Span).Slice(array.Offset, array.Length);
        var count = array.Length - array.NullCount;
        var output = MemoryMarshal.Cast<byte, T>(page.GetSpan(count * Unsafe.SizeOf<T>()))[..count];
        var validity = ArrowArrays.ValidityBits(array);
        Int128 low = Int128.CreateTruncating(T.MinValue), high = Int128.CreateTruncating(T.MaxValue);
        for (int i = 0, v = 0; i < source.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtility.GetBit(validity, array.Offset + i)) continue;
            var value = source[i];
            if (value < low || value > high)
                throw new InvalidDataException($"column '{column}' row {i}: decimal {DataPrep.IO.Batches.DecimalBits.Format(value, type.Scale)} does not fit precision {type.Precision} (DP1122)");
            output[v++] = T.CreateTruncating(value);
        }
        page.Advance(count * Unsafe.SizeOf<T>());
        var (min, max) = MinMax<T>(output);
        return (Bytes(min), Bytes(max));
    }

    /// <summary>Parquet.Net's loop exactly: the first value as start, strict comparisons (so a leading NaN stays), 0 when empty.</summary>
    private static (T Min, T Max) MinMax<T>(ReadOnlySpan<T> values) where T : unmanaged, INumber<T>
    {
        var min = values.IsEmpty ? default : values[0];
        var max = min;
        foreach (var value in values)
        {
            if (value < min) min = value;
            if (value > max) max = value;
        }
        return (min, max);
    }

    private static byte[] Bytes<T>(T value) where T : unmanaged
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value); // little-endian, as everywhere .NET runs here
        return bytes;
    }

    private static void Gather<T>(ReadOnlySpan<T> source, ReadOnlySpan<byte> validity, int offset, Span<T> output) where T : unmanaged
    {
        var v = 0;
        for (var i = 0; i < source.Length; i++)
            if (BitUtility.GetBit(validity, offset + i)) output[v++] = source[i];
    }

    /// <summary>Non-null booleans bit-packed, first value in the lowest bit; Parquet.Net keeps no min/max for them.</summary>
    private static (byte[]?, byte[]?) Booleans(PageBuffer page, IArrowArray array)
    {
        var bits = array.Data.Buffers[1].Span;
        var count = array.Length - array.NullCount;
        var output = page.GetSpan((count + 7) / 8)[..((count + 7) / 8)];
        output.Clear();
        var validity = ArrowArrays.ValidityBits(array);
        for (int i = 0, v = 0; i < array.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtility.GetBit(validity, array.Offset + i)) continue;
            if (BitUtility.GetBit(bits, array.Offset + i)) output[v >> 3] |= (byte)(1 << (v & 7));
            v++;
        }
        page.Advance(output.Length);
        return (null, null);
    }

    /// <summary>Each non-null value as a 4-byte length and its bytes (for strings, the UTF-8 that Arrow holds).</summary>
    private static (byte[]?, byte[]?) ByteArrays(PageBuffer page, BinaryArray array, bool stats)
    {
        var offsets = array.ValueOffsets;
        var data = array.ValueBuffer.Span;
        var count = array.Length - array.NullCount;
        var validity = ArrowArrays.ValidityBits(array);
        var bytes = offsets[array.Length] - offsets[0];
        var output = page.GetSpan(bytes + 4 * count);
        int at = 0, minAt = -1, maxAt = -1;
        ReadOnlySpan<byte> min = default, max = default;
        for (var i = 0; i < array.Length; i++)
        {
            if (!validity.IsEmpty && !BitUtility.GetBit(validity, array.Offset + i)) continue;
            var value = data.Slice(offsets[i], offsets[i + 1] - offsets[i]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(output[at..], value.Length);
            value.CopyTo(output[(at + 4)..]);
            at += 4 + value.Length;
            if (!stats) continue;
            if (minAt < 0 || value.SequenceCompareTo(min) < 0)
            {
                min = value;
                minAt = i;
            }
            if (maxAt < 0 || value.SequenceCompareTo(max) > 0)
            {
                max = value;
                maxAt = i;
            }
        }
        page.Advance(at);
        return minAt < 0 ? (null, null) : (min.ToArray(), max.ToArray());
    }
}
