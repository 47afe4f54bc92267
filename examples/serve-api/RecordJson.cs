using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace ServeApi;

/// <summary>Posted JSON records to an Arrow batch of the input schema, and Arrow batches back to JSON.</summary>
public static class RecordJson
{
    /// <summary>Builds one batch from a JSON array of objects keyed by the input's column names; a missing key is null.</summary>
    /// <exception cref="FormatException">Names the record and column that do not fit.</exception>
    public static RecordBatch ToBatch(JsonElement records, Schema schema)
    {
        if (records.ValueKind != JsonValueKind.Array) throw new FormatException("the body must be a JSON array of records");
        var count = records.GetArrayLength();
        var arrays = new IArrowArray[schema.FieldsList.Count];
        for (var c = 0; c < arrays.Length; c++)
        {
            var field = schema.GetFieldByIndex(c);
            arrays[c] = Column(records, field);
        }
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object) throw new FormatException($"record {index}: not a JSON object");
            foreach (var property in record.EnumerateObject())
            {
                if (schema.GetFieldIndex(property.Name) < 0)
                    throw new FormatException($"record {index}: unknown column '{property.Name}'; columns are: {string.Join(", ", schema.FieldsList.Select(f => f.Name))}");
            }
            index++;
        }
        return new RecordBatch(schema, arrays, count);
    }

    private static IArrowArray Column(JsonElement records, Field field)
    {
        switch (field.DataType.TypeId)
        {
            case ArrowTypeId.String:
                var strings = new StringArray.Builder();
                Fill(records, field, v => strings.Append(v.ValueKind == JsonValueKind.String ? v.GetString() : throw Wrong(field, "a string")), () => strings.AppendNull());
                return strings.Build();
            case ArrowTypeId.Double:
                var doubles = new DoubleArray.Builder();
                Fill(records, field, v => doubles.Append(v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(field, "a number")), () => doubles.AppendNull());
                return doubles.Build();
            case ArrowTypeId.Float:
                // Parsed from the number's text as float32 directly (not via double), as the CSV reader does.
                var floats = new FloatArray.Builder();
                Fill(records, field, v => floats.Append(v.ValueKind == JsonValueKind.Number && v.TryGetSingle(out var f) ? f : throw Wrong(field, "a number")), () => floats.AppendNull());
                return floats.Build();
            case ArrowTypeId.Int64:
                var longs = new Int64Array.Builder();
                Fill(records, field, v => longs.Append(v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : throw Wrong(field, "an integer")), () => longs.AppendNull());
                return longs.Build();
            case ArrowTypeId.Int32:
                var ints = new Int32Array.Builder();
                Fill(records, field, v => ints.Append(v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : throw Wrong(field, "a 32-bit integer")), () => ints.AppendNull());
                return ints.Build();
            case ArrowTypeId.Boolean:
                var bools = new BooleanArray.Builder();
                Fill(records, field, v => bools.Append(v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong(field, "true or false")), () => bools.AppendNull());
                return bools.Build();
            default:
                throw new NotSupportedException($"column '{field.Name}' is {field.DataType.Name}, which this API does not read from JSON");
        }
    }

    private static void Fill(JsonElement records, Field field, Action<JsonElement> append, Action appendNull)
    {
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            try
            {
                if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field.Name, out var value) && value.ValueKind != JsonValueKind.Null) append(value);
                else appendNull();
            }
            catch (FormatException e) { throw new FormatException($"record {index}: {e.Message}", e); }
            index++;
        }
    }

    private static FormatException Wrong(Field field, string expected) => new($"column '{field.Name}' must be {expected}");

    /// <summary>Writes the rows of the batches as JSON objects, in order.</summary>
    public static void WriteRows(Utf8JsonWriter writer, IEnumerable<RecordBatch> batches)
    {
        writer.WriteStartArray();
        foreach (var batch in batches)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                writer.WriteStartObject();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    writer.WritePropertyName(batch.Schema.GetFieldByIndex(c).Name);
                    WriteValue(writer, batch.Column(c), r);
                }
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, IArrowArray array, int row)
    {
        if (array.IsNull(row)) { writer.WriteNullValue(); return; }
        switch (array)
        {
            case StringArray s: writer.WriteStringValue(s.GetString(row)); break;
            case DoubleArray d: WriteDouble(writer, d.GetValue(row)!.Value); break;
            case FloatArray f: WriteDouble(writer, f.GetValue(row)!.Value); break;
            case Int64Array l: writer.WriteNumberValue(l.GetValue(row)!.Value); break;
            case Int32Array i: writer.WriteNumberValue(i.GetValue(row)!.Value); break;
            case BooleanArray b: writer.WriteBooleanValue(b.GetValue(row)!.Value); break;
            default: writer.WriteStringValue($"<{array.Data.DataType.Name}>"); break;
        }
    }

    // JSON has no NaN or infinities: they go out as strings, as System.Text.Json's named literals do.
    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
