using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Decodes one column chunk into an Arrow array from Parquet.Net's raw spans: dense values plus
/// definition levels, scattered into Arrow value and validity buffers. No per-row objects.
/// </summary>
internal static class ParquetColumnDecoder
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    public static async Task<IArrowArray> ReadAsync(ParquetRowGroupReader group, DataField field, IArrowType type, CancellationToken ct)
    {
        var rows = checked((int)group.RowCount);
        // Parquet.Net 6.1 wants a level buffer even for some required columns; its content only
        // matters (and Validity only looks at it) when the column is optional.
        var levels = new int[rows];
        var defs = field.MaxDefinitionLevel > 0 ? levels : null;
        return type switch
        {
            Int8Type => Scatter(type, await Dense<sbyte>(group, field, levels, rows, ct), defs, rows, v => v),
            Int16Type => Scatter(type, await Dense<short>(group, field, levels, rows, ct), defs, rows, v => v),
            Int32Type => Scatter(type, await Dense<int>(group, field, levels, rows, ct), defs, rows, v => v),
            Int64Type => Scatter(type, await Dense<long>(group, field, levels, rows, ct), defs, rows, v => v),
            UInt8Type => Scatter(type, await Dense<byte>(group, field, levels, rows, ct), defs, rows, v => v),
            UInt16Type => Scatter(type, await Dense<ushort>(group, field, levels, rows, ct), defs, rows, v => v),
            UInt32Type => Scatter(type, await Dense<uint>(group, field, levels, rows, ct), defs, rows, v => v),
            UInt64Type => Scatter(type, await Dense<ulong>(group, field, levels, rows, ct), defs, rows, v => v),
            FloatType => Scatter(type, await Dense<float>(group, field, levels, rows, ct), defs, rows, v => v),
            DoubleType => Scatter(type, await Dense<double>(group, field, levels, rows, ct), defs, rows, v => v),
            Date32Type => Scatter(type, await Dense<DateOnly>(group, field, levels, rows, ct), defs, rows, v => v.DayNumber - EpochDay),
            TimestampType => Scatter(type, await Dense<DateTime>(group, field, levels, rows, ct), defs, rows, ToMicros),
            Decimal128Type d => Scatter(type, await Dense<decimal>(group, field, levels, rows, ct), defs, rows, v => DecimalBits.ToUnscaled(v, d.Scale)),
            BooleanType => Booleans(await Dense<bool>(group, field, levels, rows, ct), defs, rows),
            StringType => Strings(await Dense<ReadOnlyMemory<char>>(group, field, levels, rows, ct), defs, rows),
            BinaryType => Binaries(await Dense<ReadOnlyMemory<byte>>(group, field, levels, rows, ct), defs, rows),
            _ => throw new NotSupportedException($"column '{field.Name}': Arrow type {type.Name} is not supported"),
        };
    }

    private static async Task<T[]> Dense<T>(ParquetRowGroupReader group, DataField field, int[] levels, int rows, CancellationToken ct)
        where T : struct
    {
        var values = new T[rows];
        await group.ReadRawAsync<T>(field, values, levels, null, ct);
        return values;
    }

    // Timestamps arrive as DateTime (100 ns ticks); floor to microseconds since the Unix epoch.
    private static long ToMicros(DateTime value) => Math.DivRem(value.Ticks - DateTime.UnixEpoch.Ticks, 10, out var rem) - (rem < 0 ? 1 : 0);

    /// <summary>Validity bitmap from definition levels; null when every row is defined.</summary>
    private static byte[]? Validity(int[]? defs, int rows, out int nullCount)
    {
        nullCount = 0;
        if (defs is null) return null;
        nullCount = rows - defs.AsSpan().Count(1);
        if (nullCount == 0) return null;
        var bitmap = new byte[(rows + 7) / 8];
        for (var i = 0; i < rows; i++)
            if (defs[i] == 1) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        return bitmap;
    }

    private static IArrowArray Scatter<TSource, TArrow>(IArrowType type, TSource[] dense, int[]? defs, int rows, Func<TSource, TArrow> convert)
        where TSource : unmanaged
        where TArrow : unmanaged
    {
        var validity = Validity(defs, rows, out var nullCount);
        var bytes = new byte[rows * System.Runtime.CompilerServices.Unsafe.SizeOf<TArrow>()];
        var target = MemoryMarshal.Cast<byte, TArrow>(bytes.AsSpan());
        if (validity is null)
        {
            if (typeof(TSource) == typeof(TArrow)) MemoryMarshal.AsBytes(dense.AsSpan(0, rows)).CopyTo(bytes);
            else for (var i = 0; i < rows; i++) target[i] = convert(dense[i]);
        }
        else
        {
            for (int i = 0, v = 0; i < rows; i++)
                if (defs![i] == 1) target[i] = convert(dense[v++]);
        }
        return ArrowArrays.Fixed(type, rows, bytes, validity, nullCount);
    }

    private static IArrowArray Booleans(bool[] dense, int[]? defs, int rows)
    {
        var validity = Validity(defs, rows, out var nullCount);
        var bits = new byte[(rows + 7) / 8];
        for (int i = 0, v = 0; i < rows; i++)
        {
            if (validity is not null && defs![i] != 1) continue;
            if (dense[v++]) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return ArrowArrays.Fixed(BooleanType.Default, rows, bits, validity, nullCount);
    }

    private static IArrowArray Strings(ReadOnlyMemory<char>[] dense, int[]? defs, int rows)
    {
        var validity = Validity(defs, rows, out var nullCount);
        var present = rows - nullCount;
        var size = 0L;
        for (var v = 0; v < present; v++) size += Encoding.UTF8.GetByteCount(dense[v].Span);
        var data = new byte[checked((int)size)];
        var offsets = new byte[(rows + 1) * 4];
        var offs = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        for (int i = 0, v = 0, at = 0; i < rows; i++)
        {
            if (validity is null || defs![i] == 1) at += Encoding.UTF8.GetBytes(dense[v++].Span, data.AsSpan(at));
            offs[i + 1] = at;
        }
        return ArrowArrays.Variable(StringType.Default, rows, offsets, data, validity, nullCount);
    }

    private static IArrowArray Binaries(ReadOnlyMemory<byte>[] dense, int[]? defs, int rows)
    {
        var validity = Validity(defs, rows, out var nullCount);
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
        return ArrowArrays.Variable(BinaryType.Default, rows, offsets, data, validity, nullCount);
    }
}
