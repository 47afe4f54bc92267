using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Batches;
using Parquet.Schema;
using PhysicalType = Parquet.Meta.Type;

namespace DataPrep.IO.Parquet.Pages;

/// <summary>
/// A column chunk decoded into arrays of at most <c>sliceRows</c> rows each, one builder per array,
/// the pages' values handed to the builders whose rows they hold. The source hands a row group out
/// in batches of that many rows: as arrays of their own, each batch's memory is returned when the
/// pipeline is done with it. (Slices of one array of the whole row group kept all of it until the
/// last batch was done, with the next row group decoded beside it: on 1M-row groups that was about
/// 300 MB of a 10M-row run's peak.) Booleans are decoded whole and sliced: bit-packed values do not
/// part at a byte, and a chunk of bits is small.
/// </summary>
internal sealed class ColumnSlices
{
    private readonly IColumnBuilder[] _builders;
    private readonly int _rows;
    private readonly int _sliceRows;
    private readonly bool _whole;

    private ColumnSlices(IColumnBuilder[] builders, int rows, int sliceRows, bool whole) =>
        (_builders, _rows, _sliceRows, _whole) = (builders, rows, sliceRows, whole);

    /// <summary>Null when the page decoder does not take the column (see <see cref="ColumnBuilders"/>).</summary>
    /// <param name="arrays">Where the builders' value and offset buffers come from; null: new arrays.</param>
    public static ColumnSlices? Create(DataField field, PhysicalType physical, IArrowType type, int rows, int sliceRows, Data.ArrayRecycler? arrays = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sliceRows);
        var count = Count(rows, sliceRows);
        if (count == 1 || physical == PhysicalType.BOOLEAN)
            // A whole array cut into slices shares its buffers between batches: never from the recycler.
            return ColumnBuilders.Create(field, physical, type, rows, 0, count > 1 ? null : arrays) is { } whole ? new([whole], rows, sliceRows, count > 1) : null;
        var builders = new IColumnBuilder[count];
        for (var k = 0; k < count; k++)
        {
            var first = k * sliceRows;
            var builder = ColumnBuilders.Create(field, physical, type, Math.Min(sliceRows, rows - first), first, arrays);
            if (builder is null) return null;
            builders[k] = builder;
        }
        return new(builders, rows, sliceRows, whole: false);
    }

    public bool HasDictionary => _builders[0].HasDictionary;

    public void SetDictionary(ReadOnlySpan<byte> plain, int count)
    {
        _builders[0].SetDictionary(plain, count);
        for (var k = 1; k < _builders.Length; k++) _builders[k].ShareDictionary(_builders[0]);
    }

    /// <summary>A page's PLAIN values, <paramref name="present"/> of its <paramref name="rows"/> rows from chunk row <paramref name="rowStart"/>.</summary>
    public void AddPlain(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity)
    {
        if (_builders.Length == 1)
        {
            _builders[0].AddPlain(values, rowStart, rows, present, validity);
            return;
        }
        var at = 0;
        for (var row = rowStart; row < rowStart + rows;)
        {
            var (k, n) = Part(row, rowStart + rows);
            var here = present == rows ? n : BitUtility.CountBits(validity, row, n);
            at += _builders[k].AddPlain(values[at..], row, n, here, validity);
            row += n;
        }
    }

    /// <summary>A page's dictionary indices, one per present row of its <paramref name="rows"/> rows from chunk row <paramref name="rowStart"/>.</summary>
    public void AddIndices(ReadOnlySpan<int> indices, int rowStart, int rows, ReadOnlySpan<byte> validity)
    {
        var at = 0;
        for (var row = rowStart; row < rowStart + rows;)
        {
            var (k, n) = Part(row, rowStart + rows);
            var here = indices.Length == rows ? n : BitUtility.CountBits(validity, row, n);
            _builders[k].AddIndices(indices.Slice(at, here), row, n, validity);
            at += here;
            row += n;
        }
    }

    /// <summary>RLE-encoded booleans (booleans are one builder).</summary>
    public void AddRle(ReadOnlySpan<byte> values, int rowStart, int rows, int present, ReadOnlySpan<byte> validity) =>
        ((BooleanColumnBuilder)_builders[0]).AddRle(values, rowStart, rows, present, validity);

    /// <summary>The arrays, in row order; <paramref name="validity"/> covers the chunk (null: no nulls).</summary>
    public IArrowArray[] Build(byte[]? validity, int nullCount)
    {
        if (_builders.Length == 1)
        {
            var array = _builders[0].Build(validity, nullCount);
            return _whole ? Cut(array, _sliceRows) : [array];
        }
        var arrays = new IArrowArray[_builders.Length];
        for (var k = 0; k < arrays.Length; k++)
        {
            var first = k * _sliceRows;
            var rows = Math.Min(_sliceRows, _rows - first);
            if (validity is null)
            {
                arrays[k] = _builders[k].Build(null, 0);
                continue;
            }
            var bits = new BitBuffer(rows);
            bits.AppendBits(validity, first, rows);
            var nulls = bits.ZeroCount;
            arrays[k] = _builders[k].Build(bits.Detach(0), nulls);
        }
        return arrays;
    }

    /// <summary>Slices of at most <paramref name="sliceRows"/> rows that <paramref name="rows"/> rows make (one for none).</summary>
    public static int Count(long rows, int sliceRows) => rows <= sliceRows ? 1 : (int)((rows + sliceRows - 1) / sliceRows);

    /// <summary>An array as slices of at most <paramref name="sliceRows"/> rows (sharing its buffers).</summary>
    public static IArrowArray[] Cut(IArrowArray array, int sliceRows)
    {
        if (array.Length <= sliceRows) return [array];
        var slices = new IArrowArray[Count(array.Length, sliceRows)];
        for (var k = 0; k < slices.Length; k++) slices[k] = ArrowArrayFactory.Slice(array, k * sliceRows, Math.Min(sliceRows, array.Length - k * sliceRows));
        return slices;
    }

    /// <summary>The builder that holds chunk row <paramref name="row"/>, and how many rows from it up to <paramref name="end"/> it holds.</summary>
    private (int Builder, int Rows) Part(int row, int end)
    {
        var k = row / _sliceRows;
        return (k, (int)Math.Min(end, (k + 1L) * _sliceRows) - row);
    }
}
