namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// The few Thrift compact-protocol reads a page header needs (Parquet.Net 6.1 keeps its reader
/// internal). Every read is bounds-checked: a truncated or garbled header gives an
/// <see cref="InvalidDataException"/>, never an index error.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> data)
{
    // Compact-protocol type ids.
    public const byte BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _data = data;

    /// <summary>Bytes consumed so far.</summary>
    public int Position { get; private set; }

    /// <summary>
    /// The next field of the current struct: false at its stop byte. <paramref name="lastId"/> is the
    /// struct's previous field id (start at 0), as field ids are written as deltas.
    /// </summary>
    public bool NextField(ref short lastId, out byte type, out short id)
    {
        var header = ReadByte();
        type = (byte)(header & 0x0F);
        if (header == 0)
        {
            id = 0;
            return false;
        }
        var delta = header >> 4;
        id = delta == 0 ? checked((short)ZigZag(ReadVarint())) : (short)(lastId + delta);
        lastId = id;
        return true;
    }

    public int ReadI32() => checked((int)ZigZag(ReadVarint()));


    /// <summary>Skips a value of the given type (nested structs and lists included).</summary>
    public void Skip(byte type) => Skip(type, 0);

    private void Skip(byte type, int depth)
    {
        if (depth > MaxDepth) throw new InvalidDataException("page header nests too deeply");
        switch (type)
        {
            case BoolTrue or BoolFalse: break;
            case Byte: ReadByte(); break;
            case I16 or I32 or I64: ReadVarint(); break;
            case Double: Take(8); break;
            case Binary: Take(checked((int)ReadVarint())); break;
            case List or Set:
            {
                var header = ReadByte();
                var size = (long)(header >> 4);
                if (size == 15) size = (long)ReadVarint();
                var element = (byte)(header & 0x0F);
                for (var i = 0L; i < size; i++)
                {
                    if (element is BoolTrue or BoolFalse) ReadByte();
                    else Skip(element, depth + 1);
                }
                break;
            }
            case Map:
            {
                var size = (long)ReadVarint();
                if (size == 0) break;
                var kinds = ReadByte();
                for (var i = 0L; i < size; i++)
                {
                    Skip((byte)(kinds >> 4), depth + 1);
                    Skip((byte)(kinds & 0x0F), depth + 1);
                }
                break;
            }
            case Struct:
            {
                short last = 0;
                while (NextField(ref last, out var fieldType, out _)) Skip(fieldType, depth + 1);
                break;
            }
            default: throw new InvalidDataException($"page header has an unknown Thrift type {type}");
        }
    }

    private byte ReadByte()
    {
        if (Position >= _data.Length) throw Truncated();
        return _data[Position++];
    }

    private void Take(int count)
    {
        if (count < 0 || count > _data.Length - Position) throw Truncated();
        Position += count;
    }

    private ulong ReadVarint()
    {
        var position = Position;
        var value = Leb128.Read(_data, ref position, "page header", TruncatedMessage);
        Position = position;
        return value;
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private const string TruncatedMessage = "page header is truncated";

    private static InvalidDataException Truncated() => new(TruncatedMessage);
}
