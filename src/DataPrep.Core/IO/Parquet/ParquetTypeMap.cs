using Apache.Arrow;
using Apache.Arrow.Types;
using Parquet;
using Parquet.Schema;
using ArrowField = Apache.Arrow.Field;

namespace DataPrep.IO.Parquet;

/// <summary>Maps Parquet.Net fields to Arrow fields and back, and the Parquet.Net options both sides use.</summary>
internal static class ParquetTypeMap
{
    /// <summary>Reader options: dates as <see cref="DateOnly"/>, decimals as <see cref="decimal"/>.</summary>
    public static ParquetOptions ReaderOptions() => new() { UseDateOnlyTypeForDates = true, UseBigDecimal = false };

    public static IArrowType ToArrow(DataField field, string file)
    {
        var clr = field.ClrType;
        if (clr == typeof(sbyte)) return Int8Type.Default;
        if (clr == typeof(short)) return Int16Type.Default;
        if (clr == typeof(int)) return Int32Type.Default;
        if (clr == typeof(long)) return Int64Type.Default;
        if (clr == typeof(byte)) return UInt8Type.Default;
        if (clr == typeof(ushort)) return UInt16Type.Default;
        if (clr == typeof(uint)) return UInt32Type.Default;
        if (clr == typeof(ulong)) return UInt64Type.Default;
        if (clr == typeof(float)) return FloatType.Default;
        if (clr == typeof(double)) return DoubleType.Default;
        if (clr == typeof(bool)) return BooleanType.Default;
        if (clr == typeof(ReadOnlyMemory<char>) || clr == typeof(string)) return StringType.Default;
        if (clr == typeof(ReadOnlyMemory<byte>) || clr == typeof(byte[])) return BinaryType.Default;
        if (clr == typeof(DateOnly)) return Date32Type.Default;
        if (clr == typeof(DateTime)) return new TimestampType(TimeUnit.Microsecond, "UTC");
        if (clr == typeof(decimal))
        {
            return field is DecimalDataField d
                ? new Decimal128Type(d.Precision, d.Scale)
                : new Decimal128Type(ParquetOptions.DefaultPrecision, ParquetOptions.DefaultScale);
        }
        throw new NotSupportedException($"{file}: column '{field.Name}' has Parquet type {field.SchemaElement?.Type} ({clr.Name}), which is not supported");
    }

    /// <summary>
    /// The top-level Parquet field of an Arrow column: a <see cref="DataField"/>, or for a list a
    /// three-level <see cref="ListField"/> (optional group LIST, repeated group list, element).
    /// Write the column with <see cref="Leaf"/> of it. Parquet.Net 6.1 always makes the list
    /// itself optional, so a non-nullable Arrow list reads back as nullable (with no nulls).
    /// </summary>
    public static global::Parquet.Schema.Field ToParquetField(ArrowField field) => field.DataType is ListType list
        ? new ListField(field.Name, ToParquet(new ArrowField(ListElementName, list.ValueDataType, list.ValueField.IsNullable)))
        : ToParquet(field);

    /// <summary>The field whose values are stored: the field itself, or a list's element.</summary>
    public static DataField Leaf(global::Parquet.Schema.Field field) => field switch
    {
        DataField data => data,
        ListField { Item: DataField item } => item,
        _ => throw new NotSupportedException($"column '{field.Name}' is a nested Parquet column ({field.SchemaType}) that is not a list of values"),
    };

    /// <summary>The element name Parquet.Net and the format's LIST convention use.</summary>
    private const string ListElementName = "element";

    public static DataField ToParquet(ArrowField field) => field.DataType switch
    {
        ListType => throw new NotSupportedException($"column '{field.Name}': a list column is written through ToParquetField"),
        Int8Type => new DataField(field.Name, typeof(sbyte), field.IsNullable),
        Int16Type => new DataField(field.Name, typeof(short), field.IsNullable),
        Int32Type => new DataField(field.Name, typeof(int), field.IsNullable),
        Int64Type => new DataField(field.Name, typeof(long), field.IsNullable),
        UInt8Type => new DataField(field.Name, typeof(byte), field.IsNullable),
        UInt16Type => new DataField(field.Name, typeof(ushort), field.IsNullable),
        UInt32Type => new DataField(field.Name, typeof(uint), field.IsNullable),
        UInt64Type => new DataField(field.Name, typeof(ulong), field.IsNullable),
        FloatType => new DataField(field.Name, typeof(float), field.IsNullable),
        DoubleType => new DataField(field.Name, typeof(double), field.IsNullable),
        BooleanType => new DataField(field.Name, typeof(bool), field.IsNullable),
        StringType => new DataField(field.Name, typeof(string), field.IsNullable),
        BinaryType => new DataField(field.Name, typeof(byte[]), field.IsNullable),
        Date32Type => new DataField(field.Name, typeof(DateOnly), field.IsNullable),
        TimestampType => new DateTimeDataField(field.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true,
            unit: DateTimeTimeUnit.Micros, isNullable: field.IsNullable),
        Decimal128Type d when d.Precision <= 38 => new DecimalDataField(field.Name, d.Precision, d.Scale,
            forceByteArrayEncoding: false, isNullable: field.IsNullable),
        _ => throw new NotSupportedException($"column '{field.Name}': type '{field.DataType.Name}' cannot be written to Parquet"),
    };

    /// <summary>
    /// The columns to read, in file order: flat columns, and lists of flat values (the leaf field
    /// is returned; the Arrow field is a list). Other nested columns (maps, structs, lists of
    /// lists) are not supported: asking for one, or for all columns of a file that has one, fails
    /// naming it; an explicit projection that leaves them out reads the file.
    /// </summary>
    /// <summary>Arrow's conventional name of a list's child field.</summary>
    private const string ListItemName = "item";

    public static (DataField[] Fields, Schema Schema) Plan(ParquetSchema schema, IReadOnlySet<string>? columns, string file)
    {
        var fields = new List<DataField>();
        var arrow = new List<ArrowField>();
        foreach (var field in schema.Fields)
        {
            if (columns is not null && !columns.Contains(field.Name)) continue;
            if (field is ListField { Item: DataField { MaxRepetitionLevel: 1 } item } list)
            {
                fields.Add(item);
                var element = new ArrowField(ListItemName, ToArrow(item, file), item.IsNullable);
                arrow.Add(new ArrowField(list.Name, new ListType(element), list.IsNullable));
                continue;
            }
            if (field is not DataField data || data.MaxRepetitionLevel > 0)
                throw new NotSupportedException($"{file}: column '{field.Name}' is a nested Parquet column ({field.SchemaType}); only flat columns and lists of flat values can be read");
            fields.Add(data);
            arrow.Add(new ArrowField(data.Name, ToArrow(data, file), data.IsNullable));
        }
        if (columns is not null)
        {
            var missing = columns.Where(c => !fields.Any(f => f.Name == c)).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"{file}: no column {string.Join(", ", missing.Select(m => $"'{m}'"))}");
        }
        return (fields.ToArray(), new Schema(arrow, null));
    }
}
