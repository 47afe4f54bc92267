using System.Runtime.InteropServices;

namespace DataPrep.IO.Batches;

/// <summary>A growable byte buffer that Arrow arrays are built from without copying.</summary>
/// <remarks>
/// Memory is taken on the first append, at least the capacity asked for, so a buffer that is
/// detached after the last chunk costs nothing.
/// </remarks>
internal sealed class ByteBuffer(int capacity = 256)
{
    private byte[] _data = [];
    private int _nextCapacity = capacity;

    public int Length { get; set; }

    public byte[] Array => _data;

    public Span<byte> Span => _data.AsSpan(0, Length);

    public void EnsureCapacity(int length)
    {
        if (length <= _data.Length) return;
        var grown = new byte[Math.Max(Math.Max(length, _data.Length * 2), Math.Max(_nextCapacity, 16))];
        _data.AsSpan(0, Length).CopyTo(grown);
        _data = grown;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(Length + bytes.Length);
        bytes.CopyTo(_data.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Append<T>(T value) where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        EnsureCapacity(Length + size);
        MemoryMarshal.Write(_data.AsSpan(Length), in value);
        Length += size;
    }

    /// <summary>Reserves <paramref name="count"/> bytes at the end and returns them.</summary>
    public Span<byte> Grow(int count)
    {
        EnsureCapacity(Length + count);
        var span = _data.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>
    /// Hands the whole array over, not trimmed (its first <see cref="Length"/> bytes are the data), and
    /// starts a fresh, empty buffer: no copy, for a caller that slices it and may <see cref="Recycle"/> it.
    /// </summary>
    public (byte[] Array, int Length) DetachWhole(int nextCapacity)
    {
        var result = (_data, Length);
        _data = [];
        _nextCapacity = nextCapacity;
        Length = 0;
        return result;
    }

    /// <summary>
    /// Takes back an array this buffer handed out, once nothing reads it: the next bytes go into it
    /// instead of into a new array. Taken only while the buffer holds next to nothing (a writer gives
    /// a chunk back before the next rows arrive); otherwise left to the collector. Contents are not cleared.
    /// </summary>
    public void Recycle(byte[] array)
    {
        if (array.Length <= _data.Length || Length > 64) return;
        _data.AsSpan(0, Length).CopyTo(array);
        _data = array;
    }

    /// <summary>Hands the bytes over (trimmed) and starts a fresh, empty buffer.</summary>
    public byte[] Detach(int nextCapacity)
    {
        var result = Length == _data.Length ? _data : _data.AsSpan(0, Length).ToArray();
        _data = [];
        _nextCapacity = nextCapacity;
        Length = 0;
        return result;
    }
}
