using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.IO.Batches;

/// <summary>
/// Copies rows of one column out of incoming arrays (any offset, with or without a validity
/// buffer) into its buffers, and hands them over as one canonical array (its buffers are slices of
/// them, taken back by <see cref="Recycle"/> once the array is written, or left to the caller). Writers use it so
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
            _offsets = new ByteBuffer((capacity + 1) * 4); // the leading 0 is written with the first rows (StartOffsets)
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

    /// <summary>
    /// The rows appended since the last build as one array, over this accumulator's buffers (the
    /// array's buffers are slices); the accumulator starts afresh.
    /// </summary>
    /// <param name="recycled">
    /// The caller gives the array back (<see cref="Recycle"/>) once written: short strings' data buffer
    /// then stays as reserved, for the next rows. Otherwise it is copied to its size when it is less
    /// than half used, so that an array that outlives the chunk (a reader's batch) carries no slack.
    /// </param>
    public IArrowArray Build(bool recycled = false)
    {
        var length = Count;
        var nullCount = _validity.ZeroCount;
        // The next chunk is most likely as long as this one: reserve that much up front instead of
        // doubling up from the initial capacity again (taken only if rows arrive).
        var rows = Math.Max(_capacity, length);
        var bitmap = _validity.DetachWhole(rows);
        // No nulls: the array gets no validity buffer, and the bitmap is the next chunk's at once.
        if (nullCount == 0) _validity.Recycle(bitmap);
        var validity = bitmap.AsMemory(0, (length + 7) / 8);
        if (_elements is not null)
        {
            StartOffsets();
            var (offsets, size) = _offsets.DetachWhole((rows + 1) * 4);
            return ArrowArrayFactory.BuildArray(new ArrayData(_type, length, nullCount, 0,
                [nullCount == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity), new ArrowBuffer(offsets.AsMemory(0, size))], [_elements.Build(recycled).Data]));
        }
        if (_variable)
        {
            StartOffsets();
            var (offsets, size) = _offsets.DetachWhole((rows + 1) * 4);
            var (data, bytes) = _values.DetachWhole(Math.Max(_capacity * 8, _values.Length));
            // Short values leave most of the reserved data buffer unused: an array that outlives the
            // chunk (a reader's batch) gets a trimmed copy rather than carry the slack.
            var kept = !recycled && bytes < data.Length / 2 ? data.AsSpan(0, bytes).ToArray() : data;
            return ArrowArrays.Variable(_type, length, offsets.AsMemory(0, size), kept.AsMemory(0, bytes), validity, nullCount);
        }
        if (_bitWidth == 1) return ArrowArrays.Fixed(_type, length, _bits.DetachWhole(rows).AsMemory(0, (length + 7) / 8), validity, nullCount);
        var (values, used) = _values.DetachWhole(rows * (_bitWidth / 8));
        return ArrowArrays.Fixed(_type, length, values.AsMemory(0, used), validity, nullCount);
    }

    /// <summary>
    /// Takes back the buffers of an array <see cref="Build"/> returned, once nothing reads it any
    /// more (a writer has encoded and written it): the next rows are copied into them instead of
    /// into new arrays. The array must not be used after this.
    /// </summary>
    public void Recycle(ArrayData data)
    {
        if (data.NullCount > 0) _validity.Recycle(ArrayOf(data.Buffers[0]));
        if (_elements is not null)
        {
            _offsets.Recycle(ArrayOf(data.Buffers[1]));
            _elements.Recycle(data.Children[0]);
        }
        else if (_variable)
        {
            _offsets.Recycle(ArrayOf(data.Buffers[1]));
            _values.Recycle(ArrayOf(data.Buffers[2]));
        }
        else if (_bitWidth == 1) _bits.Recycle(ArrayOf(data.Buffers[1]));
        else _values.Recycle(ArrayOf(data.Buffers[1]));
    }

    private static byte[] ArrayOf(ArrowBuffer buffer) =>
        MemoryMarshal.TryGetArray(buffer.Memory, out var segment) && segment.Array is { } array && segment.Offset == 0
            ? array
            : throw new InvalidOperationException("only an array built by this accumulator can be recycled");

    /// <summary>Offsets start with a 0, written when the first rows of a chunk arrive (so a recycled buffer can be taken first).</summary>
    private void StartOffsets()
    {
        if (_offsets.Length == 0) _offsets.Append(0);
    }

    /// <summary>Canonical lists: a null list gets no elements, whatever its offsets said.</summary>
    private void AppendList(ArrayData data, int first, int count)
    {
        StartOffsets();
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
        StartOffsets();
        var offsets = MemoryMarshal.Cast<byte, int>(data.Buffers[1].Span).Slice(first, count + 1);
        var begin = offsets[0];
        var shift = MemoryMarshal.Read<int>(_offsets.Span[^4..]) - begin;
        _values.Append(data.Buffers[2].Span[begin..offsets[count]]);
        var target = MemoryMarshal.Cast<byte, int>(_offsets.Grow(count * 4));
        for (var i = 0; i < count; i++) target[i] = offsets[i + 1] + shift;
    }
}
