namespace DataPrep.IO.Batches;

/// <summary>A growable LSB-first bitmap (Arrow validity and boolean layout) with a set-bit count.</summary>
internal sealed class BitBuffer(int capacityBits = 1024)
{
    private byte[] _data = new byte[Math.Max((capacityBits + 7) / 8, 8)];

    public int Length { get; private set; }

    public int ZeroCount { get; private set; }

    public void Append(bool bit)
    {
        if ((Length >> 3) >= _data.Length) System.Array.Resize(ref _data, _data.Length * 2);
        if (bit) _data[Length >> 3] |= (byte)(1 << (Length & 7));
        else ZeroCount++;
        Length++;
    }

    public void AppendMany(bool bit, int count)
    {
        for (var i = 0; i < count; i++) Append(bit);
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

    /// <summary>Hands the bitmap over and starts a fresh, empty one.</summary>
    public byte[] Detach(int nextCapacityBits)
    {
        var result = _data.AsSpan(0, (Length + 7) / 8).ToArray();
        _data = new byte[Math.Max((nextCapacityBits + 7) / 8, 8)];
        Length = 0;
        ZeroCount = 0;
        return result;
    }
}
