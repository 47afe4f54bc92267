using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// The type names users write in pipeline files (<c>int64</c>, <c>decimal(10,2)</c>,
/// <c>timestamp</c>) and their Arrow types. Timestamps are microseconds, UTC.
/// </summary>
public static partial class ColumnTypes
{
    public static readonly IReadOnlyList<string> Names =
    [
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "float32", "float64", "boolean", "string", "binary", "date", "timestamp", "decimal(p,s)",
    ];

    public static bool TryParse(string text, [NotNullWhen(true)] out IArrowType? type, out string error)
    {
        error = "";
        type = text.Trim().ToLowerInvariant() switch
        {
            "int8" => Int8Type.Default,
            "int16" => Int16Type.Default,
            "int32" or "int" => Int32Type.Default,
            "int64" or "long" => Int64Type.Default,
            "uint8" => UInt8Type.Default,
            "uint16" => UInt16Type.Default,
            "uint32" => UInt32Type.Default,
            "uint64" => UInt64Type.Default,
            "float32" or "float" => FloatType.Default,
            "float64" or "double" => DoubleType.Default,
            "boolean" or "bool" => BooleanType.Default,
            "string" => StringType.Default,
            "binary" => BinaryType.Default,
            "date" => Date32Type.Default,
            "timestamp" => new TimestampType(TimeUnit.Microsecond, "UTC"),
            _ => null,
        };
        if (type is not null) return true;

        var m = DecimalPattern().Match(text.Trim());
        if (m.Success)
        {
            var precision = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var scale = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (precision is >= 1 and <= 38 && scale >= 0 && scale <= precision)
            {
                type = new Decimal128Type(precision, scale);
                return true;
            }
            error = $"decimal precision must be 1..38 and scale 0..precision, got '{text}'";
            return false;
        }
        error = $"unknown type '{text}'; expected one of {string.Join(", ", Names)}";
        return false;
    }

    public static IArrowType Parse(string text) =>
        TryParse(text, out var type, out var error) ? type : throw new FormatException(error);

    /// <summary>The pipeline-file name of an Arrow type (the inverse of <see cref="Parse"/>).</summary>
    public static string Format(IArrowType type) => type switch
    {
        Decimal128Type d => $"decimal({d.Precision},{d.Scale})",
        Decimal256Type d => $"decimal({d.Precision},{d.Scale})",
        TimestampType => "timestamp",
        Date32Type or Date64Type => "date",
        BooleanType => "boolean",
        FloatType => "float32",
        DoubleType => "float64",
        StringType or StringViewType or LargeStringType => "string",
        BinaryType or LargeBinaryType or BinaryViewType or FixedSizeBinaryType => "binary",
        ListType l => $"list<{Format(l.ValueDataType)}>",
        _ => type.Name,
    };

    /// <summary>Whether two types store values alike: same type, and for timestamps the same unit and time zone.</summary>
    public static bool SameType(IArrowType a, IArrowType b) => (a, b) switch
    {
        (TimestampType x, TimestampType y) => x.Unit == y.Unit && x.Timezone == y.Timezone,
        (ListType x, ListType y) => SameType(x.ValueDataType, y.ValueDataType),
        _ => a.TypeId == b.TypeId && Format(a) == Format(b),
    };

    public static bool IsNumeric(IArrowType type) => type.TypeId is
        ArrowTypeId.Int8 or ArrowTypeId.Int16 or ArrowTypeId.Int32 or ArrowTypeId.Int64 or
        ArrowTypeId.UInt8 or ArrowTypeId.UInt16 or ArrowTypeId.UInt32 or ArrowTypeId.UInt64 or
        ArrowTypeId.HalfFloat or ArrowTypeId.Float or ArrowTypeId.Double or
        ArrowTypeId.Decimal128 or ArrowTypeId.Decimal256;

    [GeneratedRegex(@"^decimal\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex DecimalPattern();
}
