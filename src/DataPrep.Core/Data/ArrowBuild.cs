using System.Numerics;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Data;

/// <summary>
/// Builds an array of a given type from CLR values (the ones <see cref="ArrowValues.Get"/> and
/// <see cref="ValueConverter"/> produce). For cold or per-value paths: casts and repairs.
/// </summary>
internal static class ArrowBuild
{
    public static IArrowArray FromValues(IArrowType type, IReadOnlyList<object?> values) => type switch
    {
        Int8Type => Build(new Int8Array.Builder(), values, v => (sbyte)(long)v),
        Int16Type => Build(new Int16Array.Builder(), values, v => (short)(long)v),
        Int32Type => Build(new Int32Array.Builder(), values, v => (int)(long)v),
        Int64Type => Build(new Int64Array.Builder(), values, v => (long)v),
        UInt8Type => Build(new UInt8Array.Builder(), values, v => (byte)(long)v),
        UInt16Type => Build(new UInt16Array.Builder(), values, v => (ushort)(long)v),
        UInt32Type => Build(new UInt32Array.Builder(), values, v => (uint)(long)v),
        UInt64Type => Build(new UInt64Array.Builder(), values, v => v is ulong u ? u : (ulong)(long)v),
        FloatType => Build(new FloatArray.Builder(), values, v => (float)(double)v),
        DoubleType => Build(new DoubleArray.Builder(), values, v => (double)v),
        BooleanType => BuildBool(values),
        StringType => BuildString(values),
        BinaryType => BuildBinary(values),
        Date32Type => BuildDate(values),
        TimestampType t => BuildTimestamp(t, values),
        Decimal128Type d => BuildDecimal(d, values),
        _ => throw new NotSupportedException($"type {type.Name} is not supported here"),
    };

    private static IArrowArray Build<T, TArray, TBuilder>(PrimitiveArrayBuilder<T, TArray, TBuilder> builder, IReadOnlyList<object?> values, Func<object, T> convert)
        where T : struct, INumber<T>
        where TArray : IArrowArray
        where TBuilder : class, IArrowArrayBuilder<TArray>
    {
        builder.Reserve(values.Count);
        foreach (var v in values)
        {
            if (v is null) builder.AppendNull();
            else builder.Append(convert(v));
        }
        return builder.Build();
    }

    private static IArrowArray BuildBool(IReadOnlyList<object?> values)
    {
        var b = new BooleanArray.Builder().Reserve(values.Count);
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append((bool)v); }
        return b.Build();
    }

    private static IArrowArray BuildString(IReadOnlyList<object?> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v as string ?? ArrowValues.Format(v)); }
        return b.Build();
    }

    private static IArrowArray BuildBinary(IReadOnlyList<object?> values)
    {
        var b = new BinaryArray.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(((byte[])v).AsSpan()); }
        return b.Build();
    }

    private static IArrowArray BuildDate(IReadOnlyList<object?> values)
    {
        var b = new Date32Array.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append((DateOnly)v); }
        return b.Build();
    }

    private static IArrowArray BuildTimestamp(TimestampType type, IReadOnlyList<object?> values)
    {
        var b = new TimestampArray.Builder(type);
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append((DateTimeOffset)v); }
        return b.Build();
    }

    private static IArrowArray BuildDecimal(Decimal128Type type, IReadOnlyList<object?> values)
    {
        var b = new Decimal128Array.Builder(type);
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append((decimal)v); }
        return b.Build();
    }
}
