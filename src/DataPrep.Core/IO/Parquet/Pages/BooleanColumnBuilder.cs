using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// Booleans: PLAIN pages are bit-packed LSB first, like Arrow's value bits; RLE pages (data page v2)
/// are decoded to bits first. Parquet has no boolean dictionary, so a dictionary is corrupt input.
/// Always a whole chunk (<see cref="ColumnSlices"/> slices its array): bit-packed values do not part
/// at a byte, and a chunk of bits is small.
/// </summary>
internal sealed class BooleanColumnBuilder(int rows) : IColumnBuilder
{
    private readonly byte[] _bits = new byte[(rows + 7) / 8];

    public bool HasDictionary => false;

    public void SetDictionary(ReadOnlySpan<byte> plain, int count) =>
        throw new InvalidDataException("a BOOLEAN column has a dictionary page");

    public void ShareDictionary(IColumnBuilder other) =>
        throw new InvalidDataException("a BOOLEAN column has a dictionary page");

    public void AddIndices(ReadOnlySpan<int> indices, int rowStart, int rows, ReadOnlySpan<byte> validity) =>
        throw new InvalidDataException("a BOOLEAN column has dictionary-encoded pages");

    public int AddPlain(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        if ((present + 7) / 8 > values.Length)
            throw new InvalidDataException($"data page holds {values.Length} value bytes, too few for {present} booleans");
        Store(values, rowStart, rows, present, validity);
        return (present + 7) / 8;
    }

    /// <summary>RLE-encoded booleans (a 4-byte length, then the hybrid encoding with bit width 1).</summary>
    public void AddRle(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        if (values.Length < 4) throw new InvalidDataException("RLE boolean page lacks its length prefix");
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(values);
        if (length < 0 || length > values.Length - 4) throw new InvalidDataException($"RLE boolean length {length} does not fit the page");
        var dense = new byte[(present + 7) / 8];
        RleBitPackedDecoder.DecodeBits(values.Slice(4, length), dense, 0, present);
        Store(dense, rowStart, rows, present, validity);
    }

    private void Store(ReadOnlySpan<byte> dense, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        for (int i = 0, v = 0; i < rows; i++)
        {
            var row = rowStart + i;
            if (present != rows && (validity[row >> 3] >> (row & 7) & 1) == 0) continue;
            if ((dense[v >> 3] >> (v & 7) & 1) != 0) _bits[row >> 3] |= (byte)(1 << (row & 7));
            v++;
        }
    }

    public IArrowArray Build(byte[]? validity, int nullCount) => ArrowArrays.Fixed(BooleanType.Default, rows, _bits, validity, nullCount);
}
