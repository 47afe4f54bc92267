using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// Single values out of Arrow arrays, for the cold paths that need them: quarantine records,
/// rule messages, casts. Hot paths work on the buffers directly.
/// </summary>
internal static class ArrowValues
{
    /// <summary>The value as a CLR object (long, ulong, double, bool, string, byte[], DateOnly, DateTimeOffset, decimal), or null.</summary>
    public static object? Get(IArrowArray array, int row)
    {
        if (array.IsNull(row)) return null;
        return array switch
        {
            Int8Array a => (long)a.GetValue(row)!.Value,
            Int16Array a => (long)a.GetValue(row)!.Value,
            Int32Array a => (long)a.GetValue(row)!.Value,
            Int64Array a => a.GetValue(row)!.Value,
            UInt8Array a => (long)a.GetValue(row)!.Value,
            UInt16Array a => (long)a.GetValue(row)!.Value,
            UInt32Array a => (long)a.GetValue(row)!.Value,
            UInt64Array a => a.GetValue(row)!.Value,
            FloatArray a => (double)a.GetValue(row)!.Value,
            DoubleArray a => a.GetValue(row)!.Value,
            BooleanArray a => a.GetValue(row)!.Value,
            StringArray a => a.GetString(row),
            BinaryArray a => a.GetBytes(row).ToArray(),
            Date32Array a => a.GetDateOnly(row)!.Value,
            Date64Array a => a.GetDateOnly(row)!.Value,
            TimestampArray a => a.GetTimestamp(row)!.Value,
            Decimal128Array a => a.GetValue(row)!.Value,
            _ => throw new NotSupportedException($"values of type {array.Data.DataType.Name} are not supported by this step"),
        };
    }

    /// <summary>A numeric value as a double without boxing; false for null or a non-numeric column.</summary>
    public static bool TryGetDouble(IArrowArray array, int row, out double value)
    {
        value = 0;
        if (array.IsNull(row)) return false;
        switch (array)
        {
            case DoubleArray a: value = a.Values[row]; return true;
            case FloatArray a: value = a.Values[row]; return true;
            case Int64Array a: value = a.Values[row]; return true;
            case Int32Array a: value = a.Values[row]; return true;
            case Int16Array a: value = a.Values[row]; return true;
            case Int8Array a: value = a.Values[row]; return true;
            case UInt64Array a: value = a.Values[row]; return true;
            case UInt32Array a: value = a.Values[row]; return true;
            case UInt16Array a: value = a.Values[row]; return true;
            case UInt8Array a: value = a.Values[row]; return true;
            case Decimal128Array a: value = (double)a.GetValue(row)!.Value; return true;
            default: return false;
        }
    }

    /// <summary>Invariant text of a value, as CSV and messages show it.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The row as a JSON object of column → value, in schema order.</summary>
    public static string RowJson(RecordBatch batch, int row)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                json.WritePropertyName(batch.Schema.GetFieldByIndex(c).Name);
                WriteJson(json, Get(batch.Column(c), row));
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case ulong u: json.WriteNumberValue(u); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case decimal m: json.WriteNumberValue(m); break;
            case bool b: json.WriteBooleanValue(b); break;
            default: json.WriteStringValue(Format(value)); break;
        }
    }

    public static bool IsFloatingPoint(IArrowType type) => type.TypeId is ArrowTypeId.Float or ArrowTypeId.Double or ArrowTypeId.HalfFloat;
}
