namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// Builds raw Snappy blocks element by element, written from the format description
/// (google/snappy format_description.txt), and the output each one must give (copies replayed
/// byte by byte, the definition of an overlapping copy).
/// </summary>
internal sealed class SnappyStream
{
    private readonly List<byte> _elements = [];
    private readonly List<byte> _output = [];

    public int Written => _output.Count;

    public byte[] Expected => [.. _output];

    /// <summary>A literal; <paramref name="extraBytes"/> 0 puts length - 1 in the tag (at most 60), 1-4 in that many bytes after it.</summary>
    public SnappyStream Literal(ReadOnlySpan<byte> bytes, int extraBytes = -1)
    {
        var n = (uint)bytes.Length - 1;
        if (extraBytes < 0) extraBytes = n < 60 ? 0 : n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
        if (extraBytes == 0)
        {
            _elements.Add((byte)(n << 2));
        }
        else
        {
            _elements.Add((byte)((59 + extraBytes) << 2));
            for (var i = 0; i < extraBytes; i++) _elements.Add((byte)(n >> (8 * i)));
        }
        _elements.AddRange(bytes.ToArray());
        _output.AddRange(bytes.ToArray());
        return this;
    }

    /// <summary>A copy with a 1-, 2- or 4-byte offset (<paramref name="offsetBytes"/>); the output is replayed only when the copy is valid.</summary>
    public SnappyStream Copy(int offsetBytes, uint offset, int length)
    {
        switch (offsetBytes)
        {
            case 1:
                _elements.Add((byte)(1 | ((length - 4) << 2) | (int)((offset >> 8) << 5)));
                _elements.Add((byte)offset);
                break;
            case 2:
                _elements.Add((byte)(2 | ((length - 1) << 2)));
                _elements.AddRange([(byte)offset, (byte)(offset >> 8)]);
                break;
            default:
                _elements.Add((byte)(3 | ((length - 1) << 2)));
                _elements.AddRange(BitConverter.GetBytes(offset));
                break;
        }
        if (offset >= 1 && offset <= _output.Count)
            for (var i = 0; i < length; i++) _output.Add(_output[^(int)offset]);
        return this;
    }

    /// <summary>The block: the varint of <paramref name="declared"/> (default: the output's length), then the elements.</summary>
    public byte[] ToArray(long? declared = null)
    {
        var bytes = new List<byte>();
        for (var v = (ulong)(declared ?? _output.Count); ; v >>= 7)
        {
            if (v < 0x80) { bytes.Add((byte)v); break; }
            bytes.Add((byte)(v | 0x80));
        }
        bytes.AddRange(_elements);
        return [.. bytes];
    }

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[Snappier.Snappy.GetMaxCompressedLength(data.Length)];
        return buffer[..Snappier.Snappy.Compress(data, buffer)];
    }
}
