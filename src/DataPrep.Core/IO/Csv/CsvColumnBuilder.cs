using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Csv;

/// <summary>Parses one column's text values straight into Arrow buffers.</summary>
internal abstract class CsvColumnBuilder(IArrowType type, int capacity)
{
    protected readonly BitBuffer Validity = new(capacity);

    public IArrowType Type => type;

    public int Count => Validity.Length;

    protected int Capacity => capacity;

    /// <summary>Appends a non-null value; false (and nothing appended) when it does not parse.</summary>
    public abstract bool TryAppend(ReadOnlySpan<char> text);

    public abstract void AppendNull();

    /// <summary>Drops values past <paramref name="count"/>: undoes a row that failed in a later column.</summary>
    public abstract void Truncate(int count);

    /// <summary>The values so far as an array; the builder starts over empty.</summary>
    public abstract IArrowArray Build();

    public static CsvColumnBuilder Create(IArrowType type, int capacity) => type switch
    {
        Int8Type => new FixedColumn<sbyte>(type, capacity, CsvValueParser.TryInteger),
        Int16Type => new FixedColumn<short>(type, capacity, CsvValueParser.TryInteger),
        Int32Type => new FixedColumn<int>(type, capacity, CsvValueParser.TryInteger),
        Int64Type => new FixedColumn<long>(type, capacity, CsvValueParser.TryInteger),
        UInt8Type => new FixedColumn<byte>(type, capacity, CsvValueParser.TryInteger),
        UInt16Type => new FixedColumn<ushort>(type, capacity, CsvValueParser.TryInteger),
        UInt32Type => new FixedColumn<uint>(type, capacity, CsvValueParser.TryInteger),
        UInt64Type => new FixedColumn<ulong>(type, capacity, CsvValueParser.TryInteger),
        FloatType => new FixedColumn<float>(type, capacity, CsvValueParser.TryFloat),
        DoubleType => new FixedColumn<double>(type, capacity, CsvValueParser.TryFloat),
        Date32Type => new FixedColumn<int>(type, capacity, CsvValueParser.TryDate),
        TimestampType => new FixedColumn<long>(type, capacity, CsvValueParser.TryTimestamp),
        Decimal128Type d => new FixedColumn<Int128>(type, capacity, (ReadOnlySpan<char> t, out Int128 v) => DecimalBits.TryParse(t, d.Precision, d.Scale, out v)),
        BooleanType => new BooleanColumn(capacity),
        StringType or BinaryType => new VariableColumn(type, capacity),
        _ => throw new NotSupportedException($"type '{type.Name}' cannot be read from CSV"),
    };
}
