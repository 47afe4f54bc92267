using DataPrep.IO;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Schema;

namespace DataPrep.Tests.IO.Parquet.Pages;

/// <summary>Corrupt chunks give an <see cref="InvalidDataException"/> naming file, column and row group; never garbage.</summary>
public sealed class ColumnChunkCorruptionTests : IDisposable
{
    private const int Rows = 600;
    private readonly TempDirectory _dir = new();
    private readonly string _file;

    public ColumnChunkCorruptionTests()
    {
        _file = _dir.File("clean.parquet");
        WriteAsync(_file).GetAwaiter().GetResult();
    }

    public void Dispose() => _dir.Dispose();

    // Uncompressed, so page bytes can be edited in place: an int column (PLAIN) and a string
    // column with a dictionary of six values.
    private static async Task WriteAsync(string file)
    {
        var n = new DataField<int>("n");
        var s = new DataField("s", typeof(string), false);
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.None };
        options.ColumnEncodingHints["s"] = EncodingHint.Dictionary;
        await using var stream = File.Create(file);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(n, s), stream, options);
        using var group = writer.CreateRowGroup();
        await group.WriteAsync<int>(n, Enumerable.Range(0, Rows).Select(i => i * 7).ToArray());
        await group.WriteAsync(s, Enumerable.Range(0, Rows).Select(i => $"k{i % 6}").ToArray());
    }

    private async Task<List<object?[]>> ReadAsync(string file)
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, _dir.Path);
        return TestBatches.Rows((await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, 1000, 2))).Select(c => c.Batch));
    }

    private async Task<global::Parquet.Meta.ColumnMetaData> MetaAsync(string column)
    {
        await using var reader = await ParquetReader.CreateAsync(_file);
        using var group = reader.OpenRowGroupReader(0);
        return group.GetMetadata(reader.Schema.DataFields.Single(f => f.Name == column))!.MetaData!;
    }

    [Fact]
    public async Task ReadAsync_EveryByteOfAPageHeaderFlipped_SameValuesOrClearError()
    {
        var clean = await ReadAsync(_file);
        var meta = await MetaAsync("n");
        var bytes = await File.ReadAllBytesAsync(_file);
        var start = (int)meta.DataPageOffset;
        var header = PageHeaderInfo.Parse(bytes.AsSpan(start, (int)meta.TotalCompressedSize), 0);
        var errors = 0;

        for (var at = start; at < start + header.BodyStart; at++)
        {
            var file = _dir.File($"flip{at}.parquet");
            var copy = (byte[])bytes.Clone();
            copy[at] ^= 0xFF;
            await File.WriteAllBytesAsync(file, copy);
            try
            {
                (await ReadAsync(file)).Should().BeEquivalentTo(clean, o => o.WithStrictOrdering(), $"byte {at} flipped and no error");
            }
            catch (InvalidDataException e)
            {
                e.Message.Should().Contain(file).And.Contain("column 'n'").And.Contain("row group 0");
                errors++;
            }
        }

        errors.Should().BeGreaterThan(header.BodyStart / 2);
    }

    [Fact]
    public async Task ReadAsync_DictionaryShorterThanItsIndices_ClearError()
    {
        var meta = await MetaAsync("s");
        var bytes = await File.ReadAllBytesAsync(_file);
        // Parquet.Net sets no dictionary_page_offset: the dictionary is the page at data_page_offset.
        var start = (int)(meta.DictionaryPageOffset ?? meta.DataPageOffset);
        // The dictionary page header's num_values: field 7 (struct), then field 1 (i32) = 6, zigzag 12.
        var at = bytes.AsSpan(start, 64).IndexOf([(byte)0x15, (byte)0x0C]);
        at.Should().BeGreaterThan(0);
        bytes[start + at + 1] = 0x04;
        var file = _dir.File("short-dictionary.parquet");
        await File.WriteAllBytesAsync(file, bytes);

        var act = () => ReadAsync(file);

        (await act.Should().ThrowAsync<InvalidDataException>())
            .WithMessage($"{file}: column 's', row group 0: dictionary index * is out of range (dictionary of 2 values)");
    }

    [Fact]
    public async Task ReadAsync_BytesCutFromTheMiddle_ClearError()
    {
        var meta = await MetaAsync("s");
        var bytes = (await File.ReadAllBytesAsync(_file)).ToList();
        bytes.RemoveRange((int)meta.DataPageOffset + 40, 100);
        var file = _dir.File("cut.parquet");
        await File.WriteAllBytesAsync(file, bytes.ToArray());

        var act = () => ReadAsync(file);

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage($"{file}: *column 's'*row group 0*");
    }

    [Fact]
    public async Task TryDecode_ChunkPastTheEndOfTheFile_ClearError()
    {
        await using var reader = await ParquetReader.CreateAsync(_file);
        using var group = reader.OpenRowGroupReader(0);
        var field = reader.Schema.DataFields.Single(f => f.Name == "s");
        using var handle = File.OpenHandle(_file);

        var act = () => ColumnChunkDecoder.TryDecode(handle, 100, group.GetMetadata(field), field,
            Apache.Arrow.Types.StringType.Default, Rows, 0, CancellationToken.None);

        act.Should().Throw<InvalidDataException>().WithMessage("column 's', row group 0: chunk at byte * lies outside the file (100 bytes)");
    }

    [Fact]
    public void AddIndices_IndexPastTheDictionary_ClearError()
    {
        var builder = new ByteArrayColumnBuilder(Apache.Arrow.Types.StringType.Default, 2);
        builder.SetDictionary([1, 0, 0, 0, (byte)'a', 1, 0, 0, 0, (byte)'b'], 2);

        var act = () => builder.AddIndices([1, 2], 0, 2, default);

        act.Should().Throw<InvalidDataException>().WithMessage("dictionary index 2 is out of range (dictionary of 2 values)");
    }

    [Fact]
    public void Decode_RunsEndBeforeTheValues_ClearError()
    {
        // One RLE run of 3 values (header 3 << 1), but 5 are wanted.
        var act = () => RleBitPackedDecoder.Decode([6, 1], 1, new int[5]);

        act.Should().Throw<InvalidDataException>().WithMessage("RLE/bit-packed data ends before all its values*");
    }
}
