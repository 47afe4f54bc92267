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
    /// the page decoder took (the others fell back) and the number of chunks.
    /// </summary>
    public static async Task<(List<string> Native, int Total)> CompareAsync(string file, IReadOnlySet<string>? columns = null)
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
                var ours = ColumnChunkDecoder.TryDecode(handle, length, group.GetMetadata(fields[c]), fields[c], type, (int)group.RowCount, g, CancellationToken.None);
                var reference = await ParquetColumnDecoder.ReadAsync(group, fields[c], type, CancellationToken.None);
                if (ours is null) continue;
                AssertSame(reference, ours, $"{fields[c].Name}@{g}");
                native.Add($"{fields[c].Name}@{g}");
            }
        }
        return (native, total);
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
