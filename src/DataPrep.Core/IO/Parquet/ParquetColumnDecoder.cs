using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Decodes one column chunk into an Arrow array from Parquet.Net's raw spans: dense values plus
/// definition levels, scattered into Arrow value and validity buffers. No per-row objects of ours;
/// the dense values and levels are pooled and returned before the array is handed out.
/// This is the fallback for chunks the page decoder (<see cref="Pages.ColumnChunkDecoder"/>) leaves
/// (lists, DELTA / BYTE_STREAM_SPLIT encodings, INT96, fixed-length byte arrays, other codecs) and
/// the reference its differential tests compare against.
/// </summary>
internal static class ParquetColumnDecoder
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static async Task<IArrowArray> ReadAsync(ParquetRowGroupReader group, DataField field, IArrowType type, CancellationToken ct)
    {
        if (type is ListType list) return await ParquetListCodec.ReadAsync(group, field, list, ct);
        var rows = checked((int)group.RowCount);
        // Parquet.Net 6.1 wants a level buffer even for some required columns; its content only
        // matters (and Validity only looks at it) when the column is optional.
        var levels = ColumnPool<int>.Shared.Rent(Math.Max(rows, 1));
        try
        {
            var optional = field.MaxDefinitionLevel > 0;
            return type switch
            {
                Int8Type => await ScatterAsync<sbyte, sbyte>(group, field, type, levels, rows, optional, v => v, ct),
                Int16Type => await ScatterAsync<short, short>(group, field, type, levels, rows, optional, v => v, ct),
                Int32Type => await ScatterAsync<int, int>(group, field, type, levels, rows, optional, v => v, ct),
                Int64Type => await ScatterAsync<long, long>(group, field, type, levels, rows, optional, v => v, ct),
                UInt8Type => await ScatterAsync<byte, byte>(group, field, type, levels, rows, optional, v => v, ct),
                UInt16Type => await ScatterAsync<ushort, ushort>(group, field, type, levels, rows, optional, v => v, ct),
                UInt32Type => await ScatterAsync<uint, uint>(group, field, type, levels, rows, optional, v => v, ct),
                UInt64Type => await ScatterAsync<ulong, ulong>(group, field, type, levels, rows, optional, v => v, ct),
                FloatType => await ScatterAsync<float, float>(group, field, type, levels, rows, optional, v => v, ct),
                DoubleType => await ScatterAsync<double, double>(group, field, type, levels, rows, optional, v => v, ct),
                Date32Type => await ScatterAsync<DateOnly, int>(group, field, type, levels, rows, optional, v => v.DayNumber - EpochDay, ct),
                TimestampType => await ScatterAsync<DateTime, long>(group, field, type, levels, rows, optional, ToMicros, ct),
                Decimal128Type d => await ScatterAsync<decimal, Int128>(group, field, type, levels, rows, optional, v => DecimalBits.ToUnscaled(v, d.Scale), ct),
                BooleanType => await BooleansAsync(group, field, levels, rows, optional, ct),
                // Strings are read through a byte[] view of the column: the stored UTF-8 goes
                // straight into the Arrow buffer, with no UTF-16 round trip.
                StringType => await VariableAsync(group, ParquetByteView.Of(field), StringType.Default, levels, rows, optional, ct),
                BinaryType => await VariableAsync(group, field, BinaryType.Default, levels, rows, optional, ct),
                _ => throw new NotSupportedException($"column '{field.Name}': Arrow type {type.Name} is not supported"),
            };
        }
        finally
        {
            ColumnPool<int>.Shared.Return(levels);
        }
    }

    // Timestamps arrive as DateTime (100 ns ticks); floor to microseconds since the Unix epoch.
    internal static long ToMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rem) - (rem < 0 ? 1 : 0);

    private static async Task<T[]> RentDenseAsync<T>(ParquetRowGroupReader group, DataField field, int[] levels, int rows, CancellationToken ct)
        where T : struct
    {
        // Reference-holding values (strings) must be cleared on return; the pool keeps the array.
        var values = ColumnPool<T>.Shared.Rent(Math.Max(rows, 1));
        try
        {
            await group.ReadRawAsync<T>(field, values.AsMemory(0, rows), levels.AsMemory(0, rows), null, ct);
            return values;
        }
        catch
        {
            Return(values);
            throw;
        }
    }

    private static void Return<T>(T[] values) =>
        ColumnPool<T>.Shared.Return(values, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());

    private static async Task<IArrowArray> ScatterAsync<TSource, TArrow>(ParquetRowGroupReader group, DataField field, IArrowType type,
        int[] levels, int rows, bool optional, Func<TSource, TArrow> convert, CancellationToken ct)
        where TSource : unmanaged
        where TArrow : unmanaged
    {
        var dense = await RentDenseAsync<TSource>(group, field, levels, rows, ct);
        try
        {
            return Scatter(type, dense, optional ? levels : null, rows, convert);
        }
        finally
        {
            Return(dense);
        }
    }

    internal static IArrowArray Scatter<TSource, TArrow>(IArrowType type, ReadOnlySpan<TSource> dense, int[]? defs, int rows, Func<TSource, TArrow> convert)
        where TSource : unmanaged
        where TArrow : unmanaged
    {
        var validity = DefinitionLevels.ToValidity(defs, rows, out var nullCount);
        var bytes = new byte[rows * System.Runtime.CompilerServices.Unsafe.SizeOf<TArrow>()];
        var target = MemoryMarshal.Cast<byte, TArrow>(bytes.AsSpan());
        if (validity is null)
        {
            if (typeof(TSource) == typeof(TArrow)) MemoryMarshal.AsBytes(dense[..rows]).CopyTo(bytes);
            else for (var i = 0; i < rows; i++) target[i] = convert(dense[i]);
        }
        else
        {
            for (int i = 0, v = 0; i < rows; i++)
                if (defs![i] == 1) target[i] = convert(dense[v++]);
        }
        return ArrowArrays.Fixed(type, rows, bytes, validity, nullCount);
    }

    private static async Task<IArrowArray> BooleansAsync(ParquetRowGroupReader group, DataField field, int[] levels, int rows, bool optional, CancellationToken ct)
    {
        var dense = await RentDenseAsync<bool>(group, field, levels, rows, ct);
        try
        {
            return Booleans(dense, optional ? levels : null, rows);
        }
        finally
        {
            Return(dense);
        }
    }

    /// <summary>A boolean array from dense values and 1/0 levels (null: no nulls).</summary>
    internal static IArrowArray Booleans(ReadOnlySpan<bool> dense, int[]? defs, int rows)
    {
        var validity = DefinitionLevels.ToValidity(defs, rows, out var nullCount);
        var bits = new byte[(rows + 7) / 8];
        for (int i = 0, v = 0; i < rows; i++)
        {
            if (validity is not null && defs![i] != 1) continue;
            if (dense[v++]) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return ArrowArrays.Fixed(BooleanType.Default, rows, bits, validity, nullCount);
    }

    private static async Task<IArrowArray> VariableAsync(ParquetRowGroupReader group, DataField field, IArrowType type,
        int[] levels, int rows, bool optional, CancellationToken ct)
    {
        var dense = await RentDenseAsync<ReadOnlyMemory<byte>>(group, field, levels, rows, ct);
        try
        {
            return Variable(type, dense, optional ? levels : null, rows);
        }
        finally
        {
            Return(dense);
        }
    }

    /// <summary>A string or binary array from dense byte values and 1/0 levels (null: no nulls).</summary>
    internal static IArrowArray Variable(IArrowType type, ReadOnlySpan<ReadOnlyMemory<byte>> dense, int[]? defs, int rows)
    {
        var validity = DefinitionLevels.ToValidity(defs, rows, out var nullCount);
        var present = rows - nullCount;
        var size = 0L;
        for (var v = 0; v < present; v++) size += dense[v].Length;
        var data = new byte[checked((int)size)];
        var offsets = new byte[(rows + 1) * 4];
        var offs = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        for (int i = 0, v = 0, at = 0; i < rows; i++)
        {
            if (validity is null || defs![i] == 1)
            {
                var value = dense[v++].Span;
                value.CopyTo(data.AsSpan(at));
                at += value.Length;
            }
            offs[i + 1] = at;
        }
        return ArrowArrays.Variable(type, rows, offsets, data, validity, nullCount);
    }
}
