using System.Numerics;

namespace DataPrep.IO.Batches;

/// <summary>A growable LSB-first bitmap (Arrow validity and boolean layout) with a set-bit count.</summary>
/// <remarks>Bits at and past <see cref="Length"/> are always zero, so appends only OR bits in.</remarks>
internal sealed class BitBuffer(int capacityBits = 1024)
{
    private byte[] _data = [];
    private int _nextCapacityBits = capacityBits;
    private byte[]? _spare;

    public int Length { get; private set; }

    public int ZeroCount { get; private set; }

    public void Append(bool bit)
    {
        EnsureCapacity(Length + 1);
        if (bit) _data[Length >> 3] |= (byte)(1 << (Length & 7));
        else ZeroCount++;
        Length++;
    }

    public void AppendMany(bool bit, int count)
    {
        if (!bit)
        {
            EnsureCapacity(Length + count);
            Length += count;
            ZeroCount += count;
            return;
        }
        EnsureCapacity(Length + count);
        for (var done = 0; done < count; done += 8) AppendByte(0xFF, Math.Min(8, count - done));
    }

    /// <summary>Appends <paramref name="count"/> bits of <paramref name="source"/> starting at bit <paramref name="offset"/>.</summary>
    public void AppendBits(ReadOnlySpan<byte> source, int offset, int count)
    {
        EnsureCapacity(Length + count);
        for (var done = 0; done < count; done += 8)
        {
            // Eight source bits from any bit position: a 16-bit window over two bytes, shifted.
            var at = offset + done;
            var index = at >> 3;
            var window = source[index] | (index + 1 < source.Length ? source[index + 1] << 8 : 0);
            AppendByte((byte)(window >> (at & 7)), Math.Min(8, count - done));
        }
    }

    /// <summary>Drops bits past <paramref name="length"/> (used to undo a half-appended row).</summary>
    public void Truncate(int length)
    {
        for (var i = length; i < Length; i++)
        {
            var mask = (byte)(1 << (i & 7));
            if ((_data[i >> 3] & mask) == 0) ZeroCount--;
            else _data[i >> 3] &= (byte)~mask;
        }
        Length = Math.Min(Length, length);
    }

    /// <summary>
    /// Hands the whole array over, not trimmed (its first <c>(Length + 7) / 8</c> bytes are the bitmap),
    /// and starts a fresh, empty one: no copy, for a caller that slices it and may <see cref="Recycle"/> it.
    /// </summary>
    public byte[] DetachWhole(int nextCapacityBits)
    {
        var result = _data;
        _data = [];
        _nextCapacityBits = nextCapacityBits;
        Length = 0;
        ZeroCount = 0;
        return result;
    }

    /// <summary>Takes back an array this bitmap handed out, once nothing reads it: the next growth uses it (cleared) instead of a new one.</summary>
    public void Recycle(byte[] array)
    {
        if (array.Length > _data.Length) _spare = array;
    }

    /// <summary>Hands the bitmap over and starts a fresh, empty one (allocated on the first append).</summary>
    public byte[] Detach(int nextCapacityBits)
    {
        var bytes = (Length + 7) / 8;
        var result = bytes == _data.Length ? _data : _data.AsSpan(0, bytes).ToArray();
        _data = [];
        _nextCapacityBits = nextCapacityBits;
        Length = 0;
        ZeroCount = 0;
        return result;
    }

    /// <summary>Appends the low <paramref name="count"/> (1–8) bits of <paramref name="bits"/>; capacity must be there.</summary>
    private void AppendByte(byte bits, int count)
    {
        bits &= (byte)((1 << count) - 1);
        var shift = Length & 7;
        var index = Length >> 3;
        _data[index] |= (byte)(bits << shift);
        if (shift + count > 8) _data[index + 1] |= (byte)(bits >> (8 - shift));
        ZeroCount += count - BitOperations.PopCount(bits);
        Length += count;
    }

    private void EnsureCapacity(int bits)
    {
        var bytes = (bits + 7) / 8;
        if (bytes <= _data.Length) return;
        byte[] grown;
        if (_spare is { } spare && spare.Length >= bytes)
        {
            (grown, _spare) = (spare, null);
            System.Array.Clear(grown); // bits past Length are zero
        }
        else grown = new byte[Math.Max(Math.Max(bytes, _data.Length * 2), Math.Max((_nextCapacityBits + 7) / 8, 8))];
        _data.AsSpan(0, (Length + 7) / 8).CopyTo(grown);
        _data = grown;
    }
}
