using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Csv;

/// <summary>Fixed-width values (numbers, dates, timestamps, decimals) parsed into one byte buffer.</summary>
internal sealed class FixedColumn<T>(IArrowType type, int capacity, CsvValueParser.Parser<T> parse)
    : CsvColumnBuilder(type, capacity) where T : unmanaged
{
    private readonly ByteBuffer _values = new(capacity * Unsafe.SizeOf<T>());

    public override bool TryAppend(ReadOnlySpan<char> text)
    {
        if (!parse(text, out var value)) return false;
        _values.Append(value);
        Validity.Append(true);
        return true;
    }

    public override void AppendNull()
    {
        _values.Append(default(T));
        Validity.Append(false);
    }

    public override void Truncate(int count)
    {
        _values.Length = Math.Min(_values.Length, count * Unsafe.SizeOf<T>());
        Validity.Truncate(count);
    }

    public override IArrowArray Build()
    {
        var length = Count;
        var nulls = Validity.ZeroCount;
        return ArrowArrays.Fixed(Type, length, _values.Detach(Capacity * Unsafe.SizeOf<T>()), Validity.Detach(Capacity), nulls);
    }
}
