using Apache.Arrow.Types;
using Parquet.Meta;
using ArrowTimestamp = Apache.Arrow.Types.TimestampType;
using ArrowString = Apache.Arrow.Types.StringType;
using Parquet.Schema;
using PhysicalType = Parquet.Meta.Type;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Which builder decodes a column: a (physical type, Arrow type) pair whose conversion is known to
/// equal the Parquet.Net path's, or null to leave the column to Parquet.Net (INT96, fixed-length
/// byte arrays, byte-array decimals, nanosecond timestamps, anything unrecognised).
/// </summary>
internal static class ColumnBuilders
{
    /// <param name="rows">Rows of the builder's array.</param>
    /// <param name="firstRow">The chunk row its first row is (booleans: 0 only).</param>
    /// <param name="arrays">Where fixed-width values and byte-array offsets and data come from; null: new arrays.</param>
    public static IColumnBuilder? Create(DataField field, PhysicalType physical, IArrowType type, int rows, int firstRow = 0, Data.ArrayRecycler? arrays = null)
    {
        var element = field.SchemaElement;
        if (element is null || element.Type != physical) return null;
        return (physical, type) switch
        {
            (PhysicalType.INT32, Int32Type or UInt32Type or Date32Type) => new FixedColumnBuilder<int, int, SameValue<int>>(type, rows, firstRow, arrays),
            (PhysicalType.INT32, Int8Type or UInt8Type) => new FixedColumnBuilder<int, byte, LowByte>(type, rows, firstRow, arrays),
            (PhysicalType.INT32, Int16Type or UInt16Type) => new FixedColumnBuilder<int, short, LowShort>(type, rows, firstRow, arrays),
            (PhysicalType.INT64, Int64Type or UInt64Type) => new FixedColumnBuilder<long, long, SameValue<long>>(type, rows, firstRow, arrays),
            (PhysicalType.FLOAT, FloatType) => new FixedColumnBuilder<float, float, SameValue<float>>(type, rows, firstRow, arrays),
            (PhysicalType.DOUBLE, DoubleType) => new FixedColumnBuilder<double, double, SameValue<double>>(type, rows, firstRow, arrays),
            (PhysicalType.INT64, ArrowTimestamp) => Timestamp(element, type, rows, firstRow, arrays),
            (PhysicalType.INT32, Decimal128Type d) when d.Scale == (element.Scale ?? 0) => new FixedColumnBuilder<int, Int128, Int32ToInt128>(type, rows, firstRow, arrays),
            (PhysicalType.INT64, Decimal128Type d) when d.Scale == (element.Scale ?? 0) => new FixedColumnBuilder<long, Int128, Int64ToInt128>(type, rows, firstRow, arrays),
            (PhysicalType.BOOLEAN, BooleanType) when firstRow == 0 => new BooleanColumnBuilder(rows),
            (PhysicalType.BYTE_ARRAY, ArrowString or BinaryType) => new ByteArrayColumnBuilder(type, rows, firstRow, arrays),
            _ => null,
        };
    }

    private static IColumnBuilder? Timestamp(SchemaElement element, IArrowType type, int rows, int firstRow, Data.ArrayRecycler? arrays)
    {
        var unit = element.LogicalType?.TIMESTAMP?.Unit;
        var micros = unit?.MICROS is not null || (unit is null && element.ConvertedType == ConvertedType.TIMESTAMP_MICROS);
        var millis = unit?.MILLIS is not null || (unit is null && element.ConvertedType == ConvertedType.TIMESTAMP_MILLIS);
        if (micros) return new FixedColumnBuilder<long, long, SameValue<long>>(type, rows, firstRow, arrays);
        if (millis) return new FixedColumnBuilder<long, long, MillisToMicros>(type, rows, firstRow, arrays);
        return null;
    }
}
