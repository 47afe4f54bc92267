using Apache.Arrow.Types;

namespace DataPrep.Reports.Profiling;

/// <summary>How a column is profiled, by its Arrow type.</summary>
internal enum ColumnKind { Integer, Float, Decimal, Date, Timestamp, Boolean, Text, Binary, Other }

internal static class ColumnKinds
{
    public static ColumnKind Of(IArrowType type) => type.TypeId switch
    {
        ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64
            or ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 => ColumnKind.Integer,
        ArrowTypeId.Float or ArrowTypeId.Double => ColumnKind.Float,
        ArrowTypeId.Decimal128 => ColumnKind.Decimal,
        ArrowTypeId.Date32 or ArrowTypeId.Date64 => ColumnKind.Date,
        ArrowTypeId.Timestamp => ColumnKind.Timestamp,
        ArrowTypeId.Boolean => ColumnKind.Boolean,
        ArrowTypeId.String => ColumnKind.Text,
        ArrowTypeId.Binary => ColumnKind.Binary,
        _ => ColumnKind.Other,
    };

    public static bool IsNumeric(ColumnKind kind) => kind is ColumnKind.Integer or ColumnKind.Float or ColumnKind.Decimal or ColumnKind.Date or ColumnKind.Timestamp;
}
