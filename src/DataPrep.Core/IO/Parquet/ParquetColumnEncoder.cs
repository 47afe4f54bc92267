using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Writes one Arrow array (offset 0, as <see cref="RowChunker"/> builds them) as a Parquet column:
/// dense values gathered from the Arrow buffers plus definition levels from the validity bitmap.
/// </summary>
internal static class ParquetColumnEncoder
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static Task WriteAsync(ParquetRowGroupWriter group, DataField field, IArrowArray array, CancellationToken ct)
    {
        if (!field.IsNullable && array.NullCount > 0)
            throw new InvalidDataException($"column '{field.Name}' is not nullable but has {array.NullCount} nulls");
        var defs = field.IsNullable ? DefinitionLevels(array) : null;
        return array.Data.DataType switch
        {
            Int8Type => Write(group, field, Gather<sbyte, sbyte>(array, v => v), defs, ct),
            Int16Type => Write(group, field, Gather<short, short>(array, v => v), defs, ct),
            Int32Type => Write(group, field, Gather<int, int>(array, v => v), defs, ct),
            Int64Type => Write(group, field, Gather<long, long>(array, v => v), defs, ct),
            UInt8Type => Write(group, field, Gather<byte, byte>(array, v => v), defs, ct),
            UInt16Type => Write(group, field, Gather<ushort, ushort>(array, v => v), defs, ct),
            UInt32Type => Write(group, field, Gather<uint, uint>(array, v => v), defs, ct),
            UInt64Type => Write(group, field, Gather<ulong, ulong>(array, v => v), defs, ct),
            FloatType => Write(group, field, Gather<float, float>(array, v => v), defs, ct),
            DoubleType => Write(group, field, Gather<double, double>(array, v => v), defs, ct),
            Date32Type => Write(group, field, Gather<int, DateOnly>(array, v => DateOnly.FromDayNumber(v + EpochDay)), defs, ct),
            TimestampType t => Write(group, field, Gather<long, DateTime>(array, TicksConverter(t.Unit)), defs, ct),
            Decimal128Type d => Write(group, field, Gather<Int128, decimal>(array, v => DecimalBits.FromUnscaled(v, d.Scale)), defs, ct),
            BooleanType => Write(group, field, Booleans(array), defs, ct),
            StringType => Write(group, field, Strings(array), defs, ct),
            BinaryType => Write(group, field, Binaries(array), defs, ct),
            _ => throw new NotSupportedException($"column '{field.Name}': type '{array.Data.DataType.Name}' cannot be written to Parquet"),
        };
    }

    // WriteAllPartsAsync takes dense values plus definition levels; for a required column it does
    // not count rows without levels (Parquet.Net 6.1), so required columns use WriteAsync.
    private static Task Write<T>(ParquetRowGroupWriter group, DataField field, T[] values, int[]? defs, CancellationToken ct)
        where T : struct =>
        defs is null
            ? group.WriteAsync<T>(field, values, null, null, ct)
            : group.WriteAllPartsAsync<T>(field, values, defs, null, ct);

    private static int[] DefinitionLevels(IArrowArray array)
    {
        var defs = new int[array.Length];
        for (var i = 0; i < defs.Length; i++) defs[i] = array.IsValid(i) ? 1 : 0;
        return defs;
    }

    private static Func<long, DateTime> TicksConverter(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => v => new DateTime(DateTime.UnixEpoch.Ticks + v * TimeSpan.TicksPerSecond, DateTimeKind.Utc),
        TimeUnit.Millisecond => v => new DateTime(DateTime.UnixEpoch.Ticks + v * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
        TimeUnit.Microsecond => v => new DateTime(DateTime.UnixEpoch.Ticks + v * 10, DateTimeKind.Utc),
        _ => v => new DateTime(DateTime.UnixEpoch.Ticks + v / 100, DateTimeKind.Utc),
    };

    private static TParquet[] Gather<TArrow, TParquet>(IArrowArray array, Func<TArrow, TParquet> convert)
        where TArrow : unmanaged
    {
        var source = MemoryMarshal.Cast<byte, TArrow>(array.Data.Buffers[1].Span).Slice(array.Offset, array.Length);
        var result = new TParquet[array.Length - array.NullCount];
        for (int i = 0, v = 0; i < source.Length; i++)
            if (array.IsValid(i)) result[v++] = convert(source[i]);
        return result;
    }

    private static bool[] Booleans(IArrowArray array)
    {
        var bits = array.Data.Buffers[1].Span;
        var result = new bool[array.Length - array.NullCount];
        for (int i = 0, v = 0; i < array.Length; i++)
            if (array.IsValid(i)) result[v++] = BitUtility.GetBit(bits, array.Offset + i);
        return result;
    }

    // One char buffer for the whole column; each value is a slice of it (no string per row).
    private static ReadOnlyMemory<char>[] Strings(IArrowArray array)
    {
        var strings = (StringArray)array;
        var chars = new char[strings.Values.Length];
        var result = new ReadOnlyMemory<char>[array.Length - array.NullCount];
        for (int i = 0, v = 0, at = 0; i < array.Length; i++)
        {
            if (!array.IsValid(i)) continue;
            var count = Encoding.UTF8.GetChars(strings.GetBytes(i), chars.AsSpan(at));
            result[v++] = new ReadOnlyMemory<char>(chars, at, count);
            at += count;
        }
        return result;
    }

    private static ReadOnlyMemory<byte>[] Binaries(IArrowArray array)
    {
        var binary = (BinaryArray)array;
        var data = binary.ValueBuffer.Memory;
        var result = new ReadOnlyMemory<byte>[array.Length - array.NullCount];
        for (int i = 0, v = 0; i < array.Length; i++)
            if (array.IsValid(i)) result[v++] = data.Slice(binary.ValueOffsets[i], binary.GetValueLength(i));
        return result;
    }
}
