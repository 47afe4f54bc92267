using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// 128-bit XxHash of chosen columns per row, for exact duplicate detection. Each row's key values
/// are encoded into one buffer (a null marker, then fixed-width bytes or a length-prefixed byte
/// string) and hashed once. Floating point is canonicalised so that -0.0 equals 0.0 and all NaNs
/// are equal. List values are encoded as their element count and then each element in turn.
/// At 128 bits a collision among 10^10 rows has probability below 10^-18.
/// </summary>
internal static class RowHasher
{
    public static UInt128[] Hash(RecordBatch batch, IReadOnlyList<int> columns)
    {
        var hashes = new UInt128[batch.Length];
        var arrays = columns.Select(batch.Column).ToArray();
        var buffer = new byte[256];
        for (var row = 0; row < batch.Length; row++)
        {
            var length = 0;
            foreach (var array in arrays) Encode(array, row, ref buffer, ref length);
            hashes[row] = XxHash128.HashToUInt128(buffer.AsSpan(0, length));
        }
        return hashes;
    }

    private static void Encode(IArrowArray array, int row, ref byte[] buffer, ref int length)
    {
        var data = array.Data;
        if (array.IsNull(row))
        {
            Ensure(ref buffer, length + 1);
            buffer[length++] = 0;
            return;
        }
        switch (data.DataType)
        {
            case StringType or BinaryType:
                var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span);
                var start = offsets[data.Offset + row];
                var count = offsets[data.Offset + row + 1] - start;
                Ensure(ref buffer, length + 5 + count);
                buffer[length++] = 1;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length), count);
                length += 4;
                data.Buffers[2].Span.Slice(start, count).CopyTo(buffer.AsSpan(length));
                length += count;
                break;
            case BooleanType:
                Ensure(ref buffer, length + 2);
                buffer[length++] = 1;
                buffer[length++] = BitUtility.GetBit(data.Buffers[1].Span, data.Offset + row) ? (byte)1 : (byte)0;
                break;
            case DoubleType:
                Ensure(ref buffer, length + 9);
                buffer[length++] = 1;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length), Canonical(((DoubleArray)array).Values[row]));
                length += 8;
                break;
            case FloatType:
                Ensure(ref buffer, length + 5);
                buffer[length++] = 1;
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(length), (float)Canonical(((FloatArray)array).Values[row]));
                length += 4;
                break;
            case ListType:
                // The element count, then each element as a value of its own (null marker and bytes),
                // so lists of different lengths or with nulls in different places never encode alike.
                var list = (ListArray)array;
                var first = list.ValueOffsets[row];
                var end = list.ValueOffsets[row + 1];
                Ensure(ref buffer, length + 5);
                buffer[length++] = 1;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(length), end - first);
                length += 4;
                for (var e = first; e < end; e++) Encode(list.Values, e, ref buffer, ref length);
                break;
            case FixedWidthType fw:
                var width = fw.BitWidth / 8;
                Ensure(ref buffer, length + 1 + width);
                buffer[length++] = 1;
                data.Buffers[1].Span.Slice((data.Offset + row) * width, width).CopyTo(buffer.AsSpan(length));
                length += width;
                break;
            default:
                throw new NotSupportedException($"column type {data.DataType.Name} cannot be hashed");
        }
    }

    private static double Canonical(double value) => double.IsNaN(value) ? double.NaN : value == 0 ? 0.0 : value;

    private static void Ensure(ref byte[] buffer, int size)
    {
        if (size > buffer.Length) System.Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
    }
}
