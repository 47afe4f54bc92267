using System.Buffers;
using System.Runtime.CompilerServices;
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
/// The dense values and levels are pooled; Parquet.Net is done with them when its write returns.
/// </summary>
internal static class ParquetColumnEncoder
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static async Task WriteAsync(ParquetRowGroupWriter group, DataField field, IArrowArray array, CancellationToken ct)
    {
        if (!field.IsNullable && array.NullCount > 0)
            throw new InvalidDataException($"column '{field.Name}' is not nullable but has {array.NullCount} nulls");
        int[]? defs = null;
        try
        {
            if (field.IsNullable)
            {
                defs = ColumnPool<int>.Shared.Rent(Math.Max(array.Length, 1));
                FillLevels(array, defs.AsSpan(0, array.Length));
            }
            var levels = defs?.AsMemory(0, array.Length);
            await (array.Data.DataType switch
            {
                Int8Type => WriteAsync(group, field, Gather<sbyte, sbyte>(array, v => v), levels, ct),
                Int16Type => WriteAsync(group, field, Gather<short, short>(array, v => v), levels, ct),
                Int32Type => WriteAsync(group, field, Gather<int, int>(array, v => v), levels, ct),
                Int64Type => WriteAsync(group, field, Gather<long, long>(array, v => v), levels, ct),
                UInt8Type => WriteAsync(group, field, Gather<byte, byte>(array, v => v), levels, ct),
                UInt16Type => WriteAsync(group, field, Gather<ushort, ushort>(array, v => v), levels, ct),
                UInt32Type => WriteAsync(group, field, Gather<uint, uint>(array, v => v), levels, ct),
                UInt64Type => WriteAsync(group, field, Gather<ulong, ulong>(array, v => v), levels, ct),
                FloatType => WriteAsync(group, field, Gather<float, float>(array, v => v), levels, ct),
                DoubleType => WriteAsync(group, field, Gather<double, double>(array, v => v), levels, ct),
                Date32Type => WriteAsync(group, field, Gather<int, DateOnly>(array, v => DateOnly.FromDayNumber(v + EpochDay)), levels, ct),
                TimestampType t => WriteAsync(group, field, Gather<long, DateTime>(array, TicksConverter(t.Unit)), levels, ct),
                Decimal128Type d => WriteAsync(group, field, Gather<Int128, decimal>(array, v => DecimalBits.FromUnscaled(v, d.Scale)), levels, ct),
                BooleanType => WriteAsync(group, field, Booleans(array), levels, ct),
                StringType => WriteStringsAsync(group, field, (StringArray)array, levels, ct),
                BinaryType => WriteAsync(group, field, Binaries(array), levels, ct),
                _ => throw new NotSupportedException($"column '{field.Name}': type '{array.Data.DataType.Name}' cannot be written to Parquet"),
            });
        }
        finally
        {
            if (defs is not null) ColumnPool<int>.Shared.Return(defs);
        }
    }

    /// <summary>Writes the first <paramref name="dense"/>.Count values, then gives the rented array back.</summary>
    private static async Task WriteAsync<T>(ParquetRowGroupWriter group, DataField field, (T[] Values, int Count) dense, ReadOnlyMemory<int>? defs, CancellationToken ct)
        where T : struct
    {
        try
        {
            // WriteAllPartsAsync takes dense values plus definition levels; for a required column it
            // does not count rows without levels (Parquet.Net 6.1), so required columns use WriteAsync.
            var values = dense.Values.AsMemory(0, dense.Count);
            if (defs is null) await group.WriteAsync<T>(field, values, null, null, ct);
            else await group.WriteAllPartsAsync<T>(field, values, defs, null, ct);
        }
        finally
        {
            ColumnPool<T>.Shared.Return(dense.Values, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private static void FillLevels(IArrowArray array, Span<int> levels)
    {
        var validity = array.Data.Buffers[0].Span;
        if (array.NullCount == 0 || validity.IsEmpty) levels.Fill(1);
        else DefinitionLevels.FromValidity(validity, array.Offset, levels);
    }

    private static Func<long, DateTime> TicksConverter(TimeUnit unit) => unit switch
    {
        TimeUnit.Second => v => new DateTime(DateTime.UnixEpoch.Ticks + v * TimeSpan.TicksPerSecond, DateTimeKind.Utc),
        TimeUnit.Millisecond => v => new DateTime(DateTime.UnixEpoch.Ticks + v * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc),
        TimeUnit.Microsecond => v => new DateTime(DateTime.UnixEpoch.Ticks + v * 10, DateTimeKind.Utc),
        _ => v => new DateTime(DateTime.UnixEpoch.Ticks + v / 100, DateTimeKind.Utc),
    };

    private static (TParquet[] Values, int Count) Gather<TArrow, TParquet>(IArrowArray array, Func<TArrow, TParquet> convert)
        where TArrow : unmanaged
        where TParquet : struct
    {
        var source = MemoryMarshal.Cast<byte, TArrow>(array.Data.Buffers[1].Span).Slice(array.Offset, array.Length);
        var count = array.Length - array.NullCount;
        var result = ColumnPool<TParquet>.Shared.Rent(Math.Max(count, 1));
        if (array.NullCount == 0 && typeof(TArrow) == typeof(TParquet))
            MemoryMarshal.Cast<TArrow, TParquet>(source).CopyTo(result);
        else if (array.NullCount == 0)
            for (var i = 0; i < source.Length; i++) result[i] = convert(source[i]);
        else
        {
            var validity = array.Data.Buffers[0].Span;
            for (int i = 0, v = 0; i < source.Length; i++)
                if (BitUtility.GetBit(validity, array.Offset + i)) result[v++] = convert(source[i]);
        }
        return (result, count);
    }

    private static (bool[] Values, int Count) Booleans(IArrowArray array)
    {
        var bits = array.Data.Buffers[1].Span;
        var count = array.Length - array.NullCount;
        var result = ColumnPool<bool>.Shared.Rent(Math.Max(count, 1));
        for (int i = 0, v = 0; i < array.Length; i++)
            if (array.IsValid(i)) result[v++] = BitUtility.GetBit(bits, array.Offset + i);
        return (result, count);
    }

    /// <summary>
    /// Strings go to Parquet.Net as UTF-16 slices of one char buffer (so it also computes the
    /// column's min/max statistics). ASCII data, the common case, is widened in one vectorised
    /// pass, and then every value starts at the same index in chars as in bytes.
    /// </summary>
    private static async Task WriteStringsAsync(ParquetRowGroupWriter group, DataField field, StringArray strings, ReadOnlyMemory<int>? defs, CancellationToken ct)
    {
        var offsets = strings.ValueOffsets;
        var bytes = strings.Values;
        var first = offsets[0];
        var used = bytes.Slice(first, offsets[strings.Length] - first);
        // A UTF-8 byte never yields more than one UTF-16 char.
        var chars = ColumnPool<char>.Shared.Rent(Math.Max(used.Length, 1));
        try
        {
            var ascii = System.Text.Ascii.ToUtf16(used, chars, out _) == OperationStatus.Done;
            var count = strings.Length - strings.NullCount;
            var dense = ColumnPool<ReadOnlyMemory<char>>.Shared.Rent(Math.Max(count, 1));
            for (int i = 0, v = 0, at = 0; i < strings.Length; i++)
            {
                if (!strings.IsValid(i)) continue;
                int start = offsets[i] - first, length = offsets[i + 1] - offsets[i];
                if (ascii) dense[v++] = new ReadOnlyMemory<char>(chars, start, length);
                else
                {
                    var n = Encoding.UTF8.GetChars(used.Slice(start, length), chars.AsSpan(at));
                    dense[v++] = new ReadOnlyMemory<char>(chars, at, n);
                    at += n;
                }
            }
            await WriteAsync(group, field, (dense, count), defs, ct);
        }
        finally
        {
            ColumnPool<char>.Shared.Return(chars);
        }
    }

    private static (ReadOnlyMemory<byte>[] Values, int Count) Binaries(IArrowArray array)
    {
        var binary = (BinaryArray)array;
        var data = binary.ValueBuffer.Memory;
        var count = array.Length - array.NullCount;
        var result = ColumnPool<ReadOnlyMemory<byte>>.Shared.Rent(Math.Max(count, 1));
        for (int i = 0, v = 0; i < array.Length; i++)
            if (array.IsValid(i)) result[v++] = data.Slice(binary.ValueOffsets[i], binary.GetValueLength(i));
        return (result, count);
    }
}
