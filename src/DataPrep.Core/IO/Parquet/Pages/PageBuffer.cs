using System.Buffers;
using System.Buffers.Binary;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// A growable byte buffer that a column keeps from one row group to the next, so encoding a chunk
/// allocates nothing once the buffer has reached the size of the column's largest chunk. Unlike
/// <see cref="ArrayBufferWriter{T}"/> it lets a length prefix be filled in after what it measures.
/// </summary>
internal sealed class PageBuffer : IBufferWriter<byte>
{
    private byte[] _data;

    public PageBuffer(int capacity = 4096) => _data = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _data.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _data.AsMemory(0, Length);

    public void Reset() => Length = 0;

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _data.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _data.AsSpan(Length);
    }

    /// <summary>Bytes already written, to fill in a placeholder.</summary>
    public Span<byte> Written(int start, int length) => _data.AsSpan(start, length);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _data[Length++] = value;
    }

    public void WriteInt32(int value)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_data.AsSpan(Length), value);
        Length += 4;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Unsigned LEB128, as the RLE/bit-packed hybrid's run headers.</summary>
    public void WriteVarUInt(uint value)
    {
        Ensure(5);
        Length += Leb128.Write(_data.AsSpan(Length), value);
    }

    private void Ensure(int size)
    {
        size = Math.Max(size, 1);
        if (_data.Length - Length >= size) return;
        var capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_data.Length * 2, (long)Length + size));
        if (capacity - Length < size)
            throw new InvalidDataException($"Parquet column chunk over {Array.MaxLength} bytes cannot be encoded (DP1121)");
        Array.Resize(ref _data, capacity);
    }
}
