using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Csv;

/// <summary>Strings (encoded as UTF-8) or binary (base64 text decoded) into offsets and data buffers.</summary>
internal sealed class VariableColumn : CsvColumnBuilder
{
    private readonly ByteBuffer _offsets;
    private readonly ByteBuffer _data;
    private readonly bool _binary;

    public VariableColumn(IArrowType type, int capacity) : base(type, capacity)
    {
        _binary = type.TypeId == ArrowTypeId.Binary;
        _offsets = new ByteBuffer((capacity + 1) * 4);
        _data = new ByteBuffer(capacity * 16);
        _offsets.Append(0);
    }

    public override bool TryAppend(ReadOnlySpan<char> text)
    {
        int written;
        if (_binary)
        {
            var target = _data.Grow(text.Length); // base64 decodes to fewer bytes than chars
            if (!CsvValueParser.TryBase64(text, target, out written)) { _data.Length -= text.Length; return false; }
            _data.Length -= text.Length - written;
        }
        else
        {
            var target = _data.Grow(Encoding.UTF8.GetMaxByteCount(text.Length));
            written = Encoding.UTF8.GetBytes(text, target);
            _data.Length -= target.Length - written;
        }
        _offsets.Append(_data.Length);
        Validity.Append(true);
        return true;
    }

    public override void AppendNull()
    {
        _offsets.Append(_data.Length);
        Validity.Append(false);
    }

    public override void Truncate(int count)
    {
        if (count >= Count) return;
        _data.Length = MemoryMarshal.Cast<byte, int>(_offsets.Span)[count];
        _offsets.Length = (count + 1) * 4;
        Validity.Truncate(count);
    }

    public override IArrowArray Build()
    {
        var length = Count;
        var nulls = Validity.ZeroCount;
        var array = ArrowArrays.Variable(Type, length, _offsets.Detach((Capacity + 1) * 4), _data.Detach(Capacity * 16), Validity.Detach(Capacity), nulls);
        _offsets.Append(0);
        return array;
    }
}
