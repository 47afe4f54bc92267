using Apache.Arrow;
using DataPrep.IO.Parquet;
using DataPrep.IO.Parquet.Pages;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// Decodes every column chunk of a file twice, with the page decoder and with the Parquet.Net path,
/// and checks the Arrow arrays are identical: length, null count, validity and every buffer byte.
/// </summary>
internal static class ChunkDifferential
{
    /// <summary>
    /// Compares all chunks (of <paramref name="columns"/>, or all); returns "column@group" of those
    /// the page decoder took (the others fell back) and the number of chunks. With
    /// <paramref name="sliceRows"/>, the page decoder cuts each chunk into arrays of that many rows,
    /// each compared with its rows of the Parquet.Net array (<see cref="AssertSameRows"/>).
    /// </summary>
    public static async Task<(List<string> Native, int Total)> CompareAsync(string file, IReadOnlySet<string>? columns = null, int sliceRows = int.MaxValue)
    {
        var native = new List<string>();
        var total = 0;
        await using var reader = await ParquetSource.OpenAsync(file, CancellationToken.None);
        var (fields, schema) = ParquetTypeMap.Plan(reader.Schema, columns, file);
        using var handle = File.OpenHandle(file);
        var length = RandomAccess.GetLength(handle);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            for (var c = 0; c < fields.Length; c++)
            {
                var type = schema.FieldsList[c].DataType;
                total++;
                var rows = (int)group.RowCount;
                var ours = ColumnChunkDecoder.TryDecode(handle, length, group.GetMetadata(fields[c]), fields[c], type, rows, g, CancellationToken.None, sliceRows: sliceRows);
                var reference = await ParquetColumnDecoder.ReadAsync(group, fields[c], type, CancellationToken.None);
                if (ours is null) continue;
                var name = $"{fields[c].Name}@{g}";
                if (sliceRows >= rows) AssertSame(reference, ours.Should().ContainSingle().Subject, name);
                else
                {
                    ours.Should().HaveCount((rows + sliceRows - 1) / sliceRows, name);
                    for (var k = 0; k < ours.Length; k++)
                        AssertSameRows(reference, k * sliceRows, Math.Min(sliceRows, rows - k * sliceRows), ours[k], $"slice {k} of {name}");
                }
                native.Add(name);
            }
        }
        return (native, total);
    }

    /// <summary>
    /// <paramref name="actual"/> holds rows <paramref name="offset"/> to <paramref name="offset"/> +
    /// <paramref name="rows"/> of <paramref name="expected"/>: the same nulls and values, and (but for
    /// booleans, which are sliced) buffers of its own, no larger than its rows.
    /// </summary>
    public static void AssertSameRows(IArrowArray expected, int offset, int rows, IArrowArray actual, string because)
    {
        actual.Length.Should().Be(rows, because);
        actual.Data.DataType.TypeId.Should().Be(expected.Data.DataType.TypeId, because);
        var nulls = Enumerable.Range(offset, rows).Count(expected.IsNull);
        actual.NullCount.Should().Be(nulls, because);
        Enumerable.Range(0, rows).Select(actual.IsNull).Should().Equal(Enumerable.Range(offset, rows).Select(expected.IsNull), because);
        switch (actual)
        {
            case BooleanArray booleans:
                Enumerable.Range(0, rows).Select(i => booleans.GetValue(i)).Should()
                    .Equal(Enumerable.Range(offset, rows).Select(i => ((BooleanArray)expected).GetValue(i)), because);
                return;
            case BinaryArray binary:
                var reference = (BinaryArray)expected;
                for (var i = 0; i < rows; i++)
                    if (!actual.IsNull(i)) binary.GetBytes(i).ToArray().Should().Equal(reference.GetBytes(offset + i).ToArray(), $"row {i} of {because}");
                actual.Data.Offset.Should().Be(0, because);
                actual.Data.Buffers[1].Length.Should().Be((rows + 1) * 4, $"offsets of {because}");
                actual.Data.Buffers[2].Length.Should().Be(binary.ValueOffsets[rows] - binary.ValueOffsets[0], $"data of {because}");
                return;
            default:
                var width = ((Apache.Arrow.Types.FixedWidthType)actual.Data.DataType).BitWidth / 8;
                var values = expected.Data.Buffers[1].Span.Slice((expected.Data.Offset + offset) * width, rows * width).ToArray();
                var mine = actual.Data.Buffers[1].Span.ToArray();
                for (var i = 0; i < rows; i++)
                    if (!actual.IsNull(i)) mine.AsSpan(i * width, width).ToArray().Should().Equal(values.AsSpan(i * width, width).ToArray(), $"row {i} of {because}");
                actual.Data.Offset.Should().Be(0, because);
                mine.Length.Should().Be(rows * width, $"values of {because}");
                return;
        }
    }

    public static void AssertSame(IArrowArray expected, IArrowArray actual, string because)
    {
        actual.Data.DataType.TypeId.Should().Be(expected.Data.DataType.TypeId, because);
        actual.Length.Should().Be(expected.Length, because);
        actual.NullCount.Should().Be(expected.NullCount, because);
        var validity = Enumerable.Range(0, expected.Length).Select(i => expected.IsNull(i));
        Enumerable.Range(0, actual.Length).Select(i => actual.IsNull(i)).Should().Equal(validity, because);
        actual.Data.Buffers.Length.Should().Be(expected.Data.Buffers.Length, because);
        for (var b = 1; b < expected.Data.Buffers.Length; b++)
            actual.Data.Buffers[b].Span.ToArray().Should().Equal(expected.Data.Buffers[b].Span.ToArray(), $"buffer {b} of {because}");
        actual.Data.Buffers[0].Length.Should().Be(expected.Data.Buffers[0].Length, $"validity buffer of {because}");
    }
}
