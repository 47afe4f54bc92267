using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Csv;

/// <summary><c>true</c>/<c>false</c> (any case) into a bitmap.</summary>
internal sealed class BooleanColumn(int capacity) : CsvColumnBuilder(BooleanType.Default, capacity)
{
    private readonly BitBuffer _values = new(capacity);

    public override bool TryAppend(ReadOnlySpan<char> text)
    {
        if (!CsvValueParser.TryBoolean(text, out var value)) return false;
        _values.Append(value);
        Validity.Append(true);
        return true;
    }

    public override void AppendNull()
    {
        _values.Append(false);
        Validity.Append(false);
    }

    public override void Truncate(int count)
    {
        _values.Truncate(count);
        Validity.Truncate(count);
    }

    public override IArrowArray Build()
    {
        var length = Count;
        var nulls = Validity.ZeroCount;
        return ArrowArrays.Fixed(Type, length, _values.Detach(Capacity), Validity.Detach(Capacity), nulls);
    }
}
