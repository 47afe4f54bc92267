using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet;
using Parquet.Schema;

namespace DataPrep.IO.Parquet;

/// <summary>
/// Levels of a top-level list column of flat values, as the LIST convention stores it
/// (optional group LIST, repeated group list, element). With d = the definition level at which the
/// list itself is defined (1 when the list is nullable, else 0): an entry with definition level
/// below d is a null list, d an empty list, above d an element, the maximum a non-null element.
/// Repetition level 0 starts a row, 1 continues its list.
/// </summary>
internal readonly record struct ListLevels(int MaxDefinition, bool ElementNullable)
{
    public static ListLevels Of(DataField leaf) => new(leaf.MaxDefinitionLevel, leaf.IsNullable);

    /// <summary>The definition level of an empty (defined) list.</summary>
    public int List => MaxDefinition - 1 - (ElementNullable ? 1 : 0);

    public bool ListNullable => List > 0;
}

/// <summary>
/// Reads a Parquet list column (its leaf field, with definition and repetition levels) into an
/// Arrow list array: one offset per row, a validity bit per row and one per element.
/// </summary>
internal static class ParquetListCodec
{
    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    private delegate IArrowArray Build<T>(ReadOnlySpan<T> dense, int[]? defs, int count);

    public static Task<IArrowArray> ReadAsync(ParquetRowGroupReader group, DataField leaf, ListType type, CancellationToken ct)
    {
        var element = type.ValueDataType;
        return element switch
        {
            Int8Type => ReadAsync<sbyte>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            Int16Type => ReadAsync<short>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            Int32Type => ReadAsync<int>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            Int64Type => ReadAsync<long>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            UInt8Type => ReadAsync<byte>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            UInt16Type => ReadAsync<ushort>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            UInt32Type => ReadAsync<uint>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            UInt64Type => ReadAsync<ulong>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            FloatType => ReadAsync<float>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            DoubleType => ReadAsync<double>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v), ct),
            Date32Type => ReadAsync<DateOnly>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => v.DayNumber - EpochDay), ct),
            TimestampType => ReadAsync<DateTime>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, ParquetColumnDecoder.ToMicros), ct),
            Decimal128Type dec => ReadAsync<decimal>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Scatter(element, d, l, n, v => DecimalBits.ToUnscaled(v, dec.Scale)), ct),
            BooleanType => ReadAsync<bool>(group, leaf, type, ParquetColumnDecoder.Booleans, ct),
            StringType => ReadAsync<ReadOnlyMemory<char>>(group, leaf, type, Utf8, ct),
            BinaryType => ReadAsync<ReadOnlyMemory<byte>>(group, leaf, type, (d, l, n) => ParquetColumnDecoder.Variable(BinaryType.Default, d, l, n), ct),
            _ => throw new NotSupportedException($"column '{leaf.Name}': lists of {element.Name} are not supported"),
        };
    }

    private static async Task<IArrowArray> ReadAsync<T>(ParquetRowGroupReader group, DataField leaf, ListType type, Build<T> build, CancellationToken ct)
        where T : struct
    {
        // A list chunk holds one level entry per element, null list or empty list (its value count).
        var entries = checked((int)(group.GetMetadata(leaf)?.MetaData?.NumValues
            ?? throw new InvalidDataException($"column '{leaf.Name}': the row group has no metadata for it")));
        var values = ColumnPool<T>.Shared.Rent(Math.Max(entries, 1));
        var defs = ColumnPool<int>.Shared.Rent(Math.Max(entries, 1));
        var reps = ColumnPool<int>.Shared.Rent(Math.Max(entries, 1));
        try
        {
            await group.ReadRawAsync<T>(leaf, values.AsMemory(0, entries), defs.AsMemory(0, entries), reps.AsMemory(0, entries), ct);
            return Assemble<T>(values, defs.AsSpan(0, entries), reps.AsSpan(0, entries), leaf, type, checked((int)group.RowCount), build);
        }
        finally
        {
            ColumnPool<T>.Shared.Return(values, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
            ColumnPool<int>.Shared.Return(defs);
            ColumnPool<int>.Shared.Return(reps);
        }
    }

    private static IArrowArray Assemble<T>(ReadOnlySpan<T> values, ReadOnlySpan<int> defs, ReadOnlySpan<int> reps, DataField leaf, ListType type, int rows, Build<T> build)
        where T : struct
    {
        var levels = ListLevels.Of(leaf);
        var offsets = new byte[(rows + 1) * 4];
        var offs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        var rowLevels = ColumnPool<int>.Shared.Rent(Math.Max(rows, 1));
        var elementLevels = ColumnPool<int>.Shared.Rent(Math.Max(defs.Length, 1));
        try
        {
            int row = -1, count = 0;
            for (var e = 0; e < defs.Length; e++)
            {
                var def = defs[e];
                if (reps[e] == 0)
                {
                    if (++row >= rows) throw new InvalidDataException($"column '{leaf.Name}': more lists than the row group's {rows} rows");
                    offs[row] = count;
                    rowLevels[row] = def >= levels.List ? 1 : 0;
                }
                else if (row < 0) throw new InvalidDataException($"column '{leaf.Name}': the first level continues a list");
                if (def > levels.List) elementLevels[count++] = def == levels.MaxDefinition ? 1 : 0;
            }
            if (row != rows - 1) throw new InvalidDataException($"column '{leaf.Name}': {row + 1} lists for the row group's {rows} rows");
            offs[rows] = count;
            var child = build(values, levels.ElementNullable ? elementLevels : null, count);
            var validity = DefinitionLevels.ToValidity(levels.ListNullable ? rowLevels : null, rows, out var nullCount);
            return ArrowArrayFactory.BuildArray(new ArrayData(type, rows, nullCount, 0,
                [nullCount == 0 || validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(offsets)],
                [child.Data]));
        }
        finally
        {
            ColumnPool<int>.Shared.Return(rowLevels);
            ColumnPool<int>.Shared.Return(elementLevels);
        }
    }

    // Parquet.Net hands list strings over as UTF-16; they are stored as UTF-8 in the Arrow buffer.
    private static IArrowArray Utf8(ReadOnlySpan<ReadOnlyMemory<char>> dense, int[]? defs, int count)
    {
        var present = count;
        if (defs is not null) present = defs.AsSpan(0, count).Count(1);
        var size = 0;
        for (var v = 0; v < present; v++) size = checked(size + Encoding.UTF8.GetByteCount(dense[v].Span));
        var data = new byte[size];
        var bytes = new ReadOnlyMemory<byte>[present];
        for (int v = 0, at = 0; v < present; v++)
        {
            var n = Encoding.UTF8.GetBytes(dense[v].Span, data.AsSpan(at));
            bytes[v] = data.AsMemory(at, n);
            at += n;
        }
        return ParquetColumnDecoder.Variable(StringType.Default, bytes, defs, count);
    }
}
