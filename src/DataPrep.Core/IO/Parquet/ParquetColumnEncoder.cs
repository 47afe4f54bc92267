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
        if (array is ListArray list)
        {
            await WriteListAsync(group, field, list, ct);
            return;
        }
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
            await WriteValuesAsync(group, field, array, defs?.AsMemory(0, array.Length), null, ct);
        }
        finally
        {
            if (defs is not null) ColumnPool<int>.Shared.Return(defs);
        }
    }

    /// <summary>
    /// Writes a list column through its leaf field (<see cref="ParquetTypeMap.Leaf"/>): one level
    /// entry per element, and one per null or empty list (see <see cref="ListLevels"/>), with the
    /// non-null elements as the dense values.
    /// </summary>
    private static async Task WriteListAsync(ParquetRowGroupWriter group, DataField leaf, ListArray list, CancellationToken ct)
    {
        var levels = ListLevels.Of(leaf);
        if (leaf.MaxRepetitionLevel != 1)
            throw new NotSupportedException($"column '{leaf.Name}': a list column needs a list field in the Parquet schema");
        if (!levels.ListNullable && list.NullCount > 0)
            throw new InvalidDataException($"column '{leaf.Name}' is not nullable but has {list.NullCount} null lists");
        var offsets = list.ValueOffsets;
        var first = offsets[0];
        var elements = ArrowArrayFactory.Slice(list.Values, first, offsets[list.Length] - first);
        var entries = 0;
        for (var r = 0; r < list.Length; r++)
        {
            var length = offsets[r + 1] - offsets[r];
            if (length > 0 && !list.IsValid(r))
                throw new InvalidDataException($"column '{leaf.Name}': row {r} is a null list that has {length} elements");
            entries += Math.Max(length, 1);
        }
        if (!levels.ElementNullable && elements.NullCount > 0)
            throw new InvalidDataException($"column '{leaf.Name}': list elements are not nullable but {elements.NullCount} are null");
        var defs = ColumnPool<int>.Shared.Rent(Math.Max(entries, 1));
        var reps = ColumnPool<int>.Shared.Rent(Math.Max(entries, 1));
        try
        {
            for (int r = 0, e = 0; r < list.Length; r++)
            {
                int start = offsets[r] - first, length = offsets[r + 1] - offsets[r];
                if (length == 0)
                {
                    defs[e] = list.IsValid(r) ? levels.List : levels.List - 1;
                    reps[e++] = 0;
                    continue;
                }
                for (var j = 0; j < length; j++, e++)
                {
                    reps[e] = j == 0 ? 0 : 1;
                    defs[e] = elements.IsValid(start + j) ? levels.MaxDefinition : levels.MaxDefinition - 1;
                }
            }
            await WriteValuesAsync(group, leaf, elements, defs.AsMemory(0, entries), reps.AsMemory(0, entries), ct);
        }
        finally
        {
            ColumnPool<int>.Shared.Return(defs);
            ColumnPool<int>.Shared.Return(reps);
        }
    }

    /// <summary>Gathers the array's non-null values and writes them with the given levels.</summary>
    private static Task WriteValuesAsync(ParquetRowGroupWriter group, DataField field, IArrowArray array,
        ReadOnlyMemory<int>? levels, ReadOnlyMemory<int>? reps, CancellationToken ct) =>
            array.Data.DataType switch
            {
                Int8Type => WriteAsync(group, field, Gather<sbyte, sbyte>(array, v => v), levels, reps, ct),
                Int16Type => WriteAsync(group, field, Gather<short, short>(array, v => v), levels, reps, ct),
                Int32Type => WriteAsync(group, field, Gather<int, int>(array, v => v), levels, reps, ct),
                Int64Type => WriteAsync(group, field, Gather<long, long>(array, v => v), levels, reps, ct),
                UInt8Type => WriteAsync(group, field, Gather<byte, byte>(array, v => v), levels, reps, ct),
                UInt16Type => WriteAsync(group, field, Gather<ushort, ushort>(array, v => v), levels, reps, ct),
                UInt32Type => WriteAsync(group, field, Gather<uint, uint>(array, v => v), levels, reps, ct),
                UInt64Type => WriteAsync(group, field, Gather<ulong, ulong>(array, v => v), levels, reps, ct),
                FloatType => WriteAsync(group, field, Gather<float, float>(array, v => v), levels, reps, ct),
                DoubleType => WriteAsync(group, field, Gather<double, double>(array, v => v), levels, reps, ct),
                Date32Type => WriteAsync(group, field, Gather<int, DateOnly>(array, v => DateOnly.FromDayNumber(v + EpochDay)), levels, reps, ct),
                TimestampType t => WriteAsync(group, field, Gather<long, DateTime>(array, TicksConverter(t.Unit)), levels, reps, ct),
                Decimal128Type d => WriteAsync(group, field, Gather<Int128, decimal>(array, v => DecimalBits.FromUnscaled(v, d.Scale)), levels, reps, ct),
                BooleanType => WriteAsync(group, field, Booleans(array), levels, reps, ct),
                StringType => WriteStringsAsync(group, field, (StringArray)array, levels, reps, ct),
                BinaryType => WriteAsync(group, field, Binaries(array), levels, reps, ct),
                _ => throw new NotSupportedException($"column '{field.Name}': type '{array.Data.DataType.Name}' cannot be written to Parquet"),
            };

    /// <summary>Writes the first <paramref name="dense"/>.Count values, then gives the rented array back.</summary>
    private static async Task WriteAsync<T>(ParquetRowGroupWriter group, DataField field, (T[] Values, int Count) dense, ReadOnlyMemory<int>? defs, ReadOnlyMemory<int>? reps, CancellationToken ct)
        where T : struct
    {
        try
        {
            // WriteAllPartsAsync takes dense values plus definition levels; for a required column it
            // does not count rows without levels (Parquet.Net 6.1), so required columns use WriteAsync.
            var values = dense.Values.AsMemory(0, dense.Count);
            if (defs is null) await group.WriteAsync<T>(field, values, null, null, ct);
            else await group.WriteAllPartsAsync<T>(field, values, defs, reps, ct);
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

    internal static Func<long, DateTime> TicksConverter(TimeUnit unit) => unit switch
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
    private static async Task WriteStringsAsync(ParquetRowGroupWriter group, DataField field, StringArray strings, ReadOnlyMemory<int>? defs, ReadOnlyMemory<int>? reps, CancellationToken ct)
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
            await WriteAsync(group, field, (dense, count), defs, reps, ct);
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
