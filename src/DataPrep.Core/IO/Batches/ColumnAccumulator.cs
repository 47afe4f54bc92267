using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.IO.Batches;

/// <summary>
/// Copies rows of one column out of incoming arrays (any offset, with or without a validity
/// buffer) into fresh buffers, and hands them back as one canonical array. Writers use it so
/// that the arrays they encode depend only on the rows, never on how the rows were batched.
/// </summary>
internal sealed class ColumnAccumulator
{
    private readonly IArrowType _type;
    private readonly int _bitWidth;
    private readonly bool _variable;
    private readonly int _capacity;
    private readonly BitBuffer _validity;
    private readonly BitBuffer _bits;
    private readonly ByteBuffer _values;
    private readonly ByteBuffer _offsets;
    // Lists: the elements, accumulated like a column of their own; _offsets index into them.
    private readonly ColumnAccumulator? _elements;

    public ColumnAccumulator(IArrowType type, int capacity)
    {
        _type = type;
        _capacity = capacity;
        if (type is ListType list)
        {
            _elements = new ColumnAccumulator(list.ValueDataType, capacity);
            _validity = new BitBuffer(capacity);
            _bits = new BitBuffer(8);
            _values = new ByteBuffer(16);
            _offsets = new ByteBuffer((capacity + 1) * 4);
            _offsets.Append(0);
            return;
        }
        _variable = ArrowArrays.IsVariable(type);
        _bitWidth = ArrowArrays.BitWidth(type);
        if (!_variable && (_bitWidth == 0 || (_bitWidth != 1 && _bitWidth % 8 != 0)))
            throw new NotSupportedException($"column type '{type.Name}' is not supported (only flat numeric, boolean, string, binary, date, timestamp and decimal columns)");
        _validity = new BitBuffer(capacity);
        _bits = new BitBuffer(_bitWidth == 1 ? capacity : 8);
        _values = new ByteBuffer(_variable ? capacity * 8 : _bitWidth == 1 ? 16 : capacity * (_bitWidth / 8));
        _offsets = new ByteBuffer(_variable ? (capacity + 1) * 4 : 16);
        if (_variable) _offsets.Append(0);
    }

    public int Count => _validity.Length;

    public void Append(IArrowArray array, int start, int count) => Append(array.Data, start, count);

    private void Append(ArrayData data, int start, int count)
    {
        var validity = data.Buffers[0].Span;
        var first = data.Offset + start;
        if (validity.IsEmpty || data.NullCount == 0) _validity.AppendMany(true, count);
        else _validity.AppendBits(validity, first, count);

        if (_elements is not null) AppendList(data, first, count);
        else if (_variable) AppendVariable(data, first, count);
        else if (_bitWidth == 1) _bits.AppendBits(data.Buffers[1].Span, first, count);
        else
        {
            var width = _bitWidth / 8;
            _values.Append(data.Buffers[1].Span.Slice(first * width, count * width));
        }
    }

    public IArrowArray Build()
    {
        var length = Count;
        var nullCount = _validity.ZeroCount;
        // The next chunk is most likely as long as this one: reserve that much up front instead of
        // doubling up from the initial capacity again (taken only if rows arrive).
        var rows = Math.Max(_capacity, length);
        var validity = _validity.Detach(rows);
        if (_elements is not null)
        {
            var offsets = _offsets.Detach((rows + 1) * 4);
            _offsets.Append(0);
            return ArrowArrayFactory.BuildArray(new ArrayData(_type, length, nullCount, 0,
                [nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(offsets)], [_elements.Build().Data]));
        }
        if (_variable)
        {
            var offsets = _offsets.Detach((rows + 1) * 4);
            _offsets.Append(0);
            return ArrowArrays.Variable(_type, length, offsets, _values.Detach(Math.Max(_capacity * 8, _values.Length)), validity, nullCount);
        }
        var values = _bitWidth == 1 ? _bits.Detach(rows) : _values.Detach(rows * (_bitWidth / 8));
        return ArrowArrays.Fixed(_type, length, values, validity, nullCount);
    }

    /// <summary>Canonical lists: a null list gets no elements, whatever its offsets said.</summary>
    private void AppendList(ArrayData data, int first, int count)
    {
        var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(first, count + 1);
        var validity = data.Buffers[0].Span;
        var nulls = data.NullCount > 0 && !validity.IsEmpty;
        var at = _elements!.Count;
        var target = MemoryMarshal.Cast<byte, int>(_offsets.Grow(count * 4));
        if (!nulls)
        {
            // No null lists: the elements are one contiguous run.
            if (offsets[count] > offsets[0]) _elements.Append(data.Children[0], offsets[0], offsets[count] - offsets[0]);
            for (var i = 0; i < count; i++) target[i] = at + offsets[i + 1] - offsets[0];
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var length = nulls && !BitUtility.GetBit(validity, first + i) ? 0 : offsets[i + 1] - offsets[i];
            if (length > 0) _elements.Append(data.Children[0], offsets[i], length);
            at += length;
            target[i] = at;
        }
    }

    private void AppendVariable(ArrayData data, int first, int count)
    {
        var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(first, count + 1);
        var begin = offsets[0];
        var shift = MemoryMarshal.Read<int>(_offsets.Span[^4..]) - begin;
        _values.Append(data.Buffers[2].Span[begin..offsets[count]]);
        var target = MemoryMarshal.Cast<byte, int>(_offsets.Grow(count * 4));
        for (var i = 0; i < count; i++) target[i] = offsets[i + 1] + shift;
    }
}
