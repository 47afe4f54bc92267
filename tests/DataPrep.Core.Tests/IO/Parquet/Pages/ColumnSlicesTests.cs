using System.Buffers.Binary;
using System.Text;
using Apache.Arrow;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Schema;
using PhysicalType = Parquet.Meta.Type;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>
/// <see cref="ColumnSlices"/> fed pages whose boundaries fall anywhere against the slices' (a page
/// across several slices, a slice across several pages), against one builder fed the same pages.
/// The writers the decoder tests use put a chunk in one page, so only this covers a slice that spans pages.
/// </summary>
public sealed class ColumnSlicesTests : IDisposable
{
    private const int Rows = 5_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The nullable INT32 and string fields of a Parquet.Net file (fields read from a file carry their schema elements).</summary>
    private async Task<(DataField Int, DataField Text)> FieldsAsync()
    {
        var file = _dir.File("fields.parquet");
        await ParquetNetFiles.WriteAllTypesAsync(file, CompressionMethod.None, false, 10, 10, 0);
        await using var reader = await ParquetReader.CreateAsync(file);
        return (reader.Schema.DataFields.Single(f => f.Name == "i32"), reader.Schema.DataFields.Single(f => f.Name == "s"));
    }

    private static (byte[] Validity, int Nulls) Validity(Random random)
    {
        var bits = new byte[(Rows + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < Rows; i++)
            if (random.Next(10) > 0) bits[i >> 3] |= (byte)(1 << (i & 7));
            else nulls++;
        return (bits, nulls);
    }

    private static bool Present(byte[] validity, int row) => (validity[row >> 3] >> (row & 7) & 1) != 0;

    /// <summary>Page boundaries: random lengths of 1 to 1,500 rows.</summary>
    private static List<(int Start, int Count)> Pages(Random random)
    {
        var pages = new List<(int, int)>();
        for (var start = 0; start < Rows;)
        {
            var count = Math.Min(random.Next(1, 1_500), Rows - start);
            pages.Add((start, count));
            start += count;
        }
        return pages;
    }

    private static void AssertSlices(ColumnSlices whole, ColumnSlices sliced, byte[] validity, int nulls, int sliceRows)
    {
        var expected = whole.Build(validity, nulls).Should().ContainSingle().Subject;
        var slices = sliced.Build(validity, nulls);
        slices.Should().HaveCount((Rows + sliceRows - 1) / sliceRows);
        for (var k = 0; k < slices.Length; k++)
            ChunkDifferential.AssertSameRows(expected, k * sliceRows, Math.Min(sliceRows, Rows - k * sliceRows), slices[k], $"slice {k}");
    }

    [Theory]
    [InlineData(333)]
    [InlineData(1024)]
    [InlineData(64)]
    public async Task AddPlain_PagesAcrossSlices_SameRowsAsOneBuilder(int sliceRows)
    {
        var (intField, textField) = await FieldsAsync();
        var random = new Random(sliceRows);
        var (validity, nulls) = Validity(random);
        var ints = Enumerable.Range(0, Rows).Select(_ => random.Next()).ToArray();
        var texts = Enumerable.Range(0, Rows).Select(i => new string('x', random.Next(0, 20)) + i).ToArray();
        var builders = new[]
        {
            (Whole: ColumnSlices.Create(intField, PhysicalType.INT32, Apache.Arrow.Types.Int32Type.Default, Rows, int.MaxValue)!,
             Sliced: ColumnSlices.Create(intField, PhysicalType.INT32, Apache.Arrow.Types.Int32Type.Default, Rows, sliceRows)!),
            (Whole: ColumnSlices.Create(textField, PhysicalType.BYTE_ARRAY, Apache.Arrow.Types.StringType.Default, Rows, int.MaxValue)!,
             Sliced: ColumnSlices.Create(textField, PhysicalType.BYTE_ARRAY, Apache.Arrow.Types.StringType.Default, Rows, sliceRows)!),
        };

        foreach (var (start, count) in Pages(random))
        {
            var present = Enumerable.Range(start, count).Where(r => Present(validity, r)).ToArray();
            var intPage = present.SelectMany(r => BitConverter.GetBytes(ints[r])).ToArray();
            var textPage = present.SelectMany(r =>
            {
                var bytes = Encoding.UTF8.GetBytes(texts[r]);
                var value = new byte[4 + bytes.Length];
                BinaryPrimitives.WriteInt32LittleEndian(value, bytes.Length);
                bytes.CopyTo(value, 4);
                return value;
            }).ToArray();
            foreach (var b in builders.Take(1)) { b.Whole.AddPlain(intPage, start, count, present.Length, validity); b.Sliced.AddPlain(intPage, start, count, present.Length, validity); }
            foreach (var b in builders.Skip(1)) { b.Whole.AddPlain(textPage, start, count, present.Length, validity); b.Sliced.AddPlain(textPage, start, count, present.Length, validity); }
        }

        AssertSlices(builders[0].Whole, builders[0].Sliced, validity, nulls, sliceRows);
        AssertSlices(builders[1].Whole, builders[1].Sliced, validity, nulls, sliceRows);
    }

    [Theory]
    [InlineData(333)]
    [InlineData(1024)]
    public async Task AddIndices_PagesAcrossSlices_SameRowsAsOneBuilder(int sliceRows)
    {
        var (_, textField) = await FieldsAsync();
        var random = new Random(sliceRows + 1);
        var (validity, nulls) = Validity(random);
        var words = Enumerable.Range(0, 40).Select(i => $"word {i}").ToArray();
        var dictionary = words.SelectMany(w =>
        {
            var bytes = Encoding.UTF8.GetBytes(w);
            return BitConverter.GetBytes(bytes.Length).Concat(bytes);
        }).ToArray();
        var indices = Enumerable.Range(0, Rows).Select(_ => random.Next(words.Length)).ToArray();
        var whole = ColumnSlices.Create(textField, PhysicalType.BYTE_ARRAY, Apache.Arrow.Types.StringType.Default, Rows, int.MaxValue)!;
        var sliced = ColumnSlices.Create(textField, PhysicalType.BYTE_ARRAY, Apache.Arrow.Types.StringType.Default, Rows, sliceRows)!;
        whole.SetDictionary(dictionary, words.Length);
        sliced.SetDictionary(dictionary, words.Length);

        foreach (var (start, count) in Pages(random))
        {
            var page = Enumerable.Range(start, count).Where(r => Present(validity, r)).Select(r => indices[r]).ToArray();
            whole.AddIndices(page, start, count, validity);
            sliced.AddIndices(page, start, count, validity);
        }

        AssertSlices(whole, sliced, validity, nulls, sliceRows);
        var strings = (StringArray)whole.Build(validity, nulls)[0];
        Enumerable.Range(0, Rows).Where(r => Present(validity, r)).Should().OnlyContain(r => strings.GetString(r) == words[indices[r]]);
    }
}
