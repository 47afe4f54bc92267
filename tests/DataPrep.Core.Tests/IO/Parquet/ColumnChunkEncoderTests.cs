using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO.Parquet;
using DataPrep.IO.Parquet.Pages;
using Parquet;
using Parquet.Meta;
using StringType = Apache.Arrow.Types.StringType;
using TimestampType = Apache.Arrow.Types.TimestampType;
using Parquet.Schema;
using ArrowField = Apache.Arrow.Field;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// Our column-chunk encoder against Parquet.Net 6.1 on the same Arrow array: the chunk bytes (page
/// headers, levels, values, dictionary, compression) and the column metadata must be identical, for
/// every covered type, codec and encoding, and for the edge cases of each rule it copies.
/// </summary>
public sealed class ColumnChunkEncoderTests
{
    public static TheoryData<int, CompressionMethod, bool> AllTypesColumns()
    {
        var data = new TheoryData<int, CompressionMethod, bool>();
        for (var c = 0; c < TestBatches.AllTypesSchema.FieldsList.Count; c++)
        {
            foreach (var codec in new[] { CompressionMethod.None, CompressionMethod.Snappy, CompressionMethod.Zstd, CompressionMethod.Gzip })
            foreach (var sensitive in new[] { false, true })
                data.Add(c, codec, sensitive);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTypesColumns))]
    public async Task Encode_AllTypesColumn_SameChunkAsParquetNet(int column, CompressionMethod codec, bool sensitive)
    {
        var batch = TestBatches.AllTypes(1000);
        var field = batch.Schema.GetFieldByIndex(column);
        var hint = ParquetBatchWriter.EncodingOf(field, sensitive);
        ColumnChunkEncoder.Covers(field.DataType, codec, hint).Should().BeTrue("every column of these, sensitive or not, is encoded by our own encoder");
        await AssertSameAsync(field, batch.Column(column), codec, sensitive);
        await AssertSameAsync(field, ArrowArrayFactory.Slice(batch.Column(column), 7, 500), codec, sensitive);
    }

    [Theory]
    [InlineData(CompressionMethod.Snappy)]
    [InlineData(CompressionMethod.None)]
    public async Task Encode_EdgeCases_SameChunkAsParquetNet(CompressionMethod codec)
    {
        foreach (var (field, array) in EdgeCases())
        {
            await AssertSameAsync(field, array, codec, sensitive: false);
            await AssertSameAsync(field, array, codec, sensitive: true);
        }
    }

    [Theory]
    [InlineData(10, 8, true)]   // (int)(10 * 0.8) = 8 distinct values may be in the dictionary
    [InlineData(10, 9, false)]
    [InlineData(25_000, 100, true)] // over the 10,000-value sample, low cardinality
    [InlineData(25_000, 25_000, false)] // gives up within the sample
    public async Task Encode_DictionaryDecision_AsParquetNet(int count, int distinct, bool dictionary)
    {
        var field = new ArrowField("s", StringType.Default, true);
        var array = Strings(Enumerable.Range(0, count).Select(i => i < distinct ? $"v{i}" : $"v{i % distinct}"));

        var (_, meta) = await AssertSameAsync(field, array, CompressionMethod.Snappy, sensitive: false);

        meta.Encodings.Contains(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY).Should().Be(dictionary);
    }

    [Fact]
    public async Task Encode_SampleLowButChunkHighCardinality_PlainAsParquetNet()
    {
        // The first 10,000 values pass the sample (100 distinct), the whole chunk does not (40,100 > 40,000).
        var field = new ArrowField("s", StringType.Default, false);
        var array = Strings(Enumerable.Range(0, 50_000).Select(i => i < 10_000 ? $"r{i % 100}" : $"u{i}"));

        var (_, meta) = await AssertSameAsync(field, array, CompressionMethod.Zstd, sensitive: false);

        meta.Encodings.Should().Equal(global::Parquet.Meta.Encoding.PLAIN, global::Parquet.Meta.Encoding.RLE);
    }

    [Fact]
    public async Task Encode_SensitiveColumn_ChunkStatisticsOnlyNullCount()
    {
        var field = new ArrowField("s", StringType.Default, true);
        var array = Strings(Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? null : $"v{i % 3}"));

        var (_, meta) = await AssertSameAsync(field, array, CompressionMethod.Snappy, sensitive: true);

        meta.Statistics!.NullCount.Should().Be(10);
        (meta.Statistics.Min, meta.Statistics.Max, meta.Statistics.MinValue, meta.Statistics.MaxValue).Should().Be((null, null, null, null));
        meta.Encodings.Should().NotContain(global::Parquet.Meta.Encoding.PLAIN_DICTIONARY);
    }

    [Theory]
    [InlineData(CompressionMethod.None)]
    [InlineData(CompressionMethod.Zstd)]
    public async Task Encode_Timestamps_ParquetNetsChunkButBoundsInMicroseconds(CompressionMethod codec)
    {
        var batch = TestBatches.AllTypes(1000);
        var at = (TimestampArray)batch.Column(batch.Schema.GetFieldIndex("at"));
        var values = Enumerable.Range(0, at.Length).Where(at.IsValid).Select(i => at.Values[i]).ToList();

        var (_, meta) = await AssertSameAsync(batch.Schema.GetFieldByIndex(batch.Schema.GetFieldIndex("at")), at, codec, sensitive: false);

        BitConverter.ToInt64(meta.Statistics!.Min).Should().Be(values.Min()).And.Be(946_684_740_000_000L, "1999-12-31 23:59 UTC in microseconds");
        BitConverter.ToInt64(meta.Statistics.Max).Should().Be(values.Max());
    }

    [Fact]
    public async Task Encode_RequiredColumnWithNulls_Throws()
    {
        var field = new ArrowField("x", Int32Type.Default, false);
        var array = new Int32Array.Builder().Append(1).AppendNull().Build();
        var column = await ColumnAsync(field, CompressionMethod.None, sensitive: false);

        var act = () => new ColumnChunkEncoder().Encode(array, column);

        act.Should().Throw<InvalidDataException>().WithMessage("*'x'*not nullable*1 nulls*");
    }

    private static IEnumerable<(ArrowField, IArrowArray)> EdgeCases()
    {
        ArrowField F(string name, IArrowType type, bool nullable = true) => new(name, type, nullable);
        yield return (F("allnull_i32", Int32Type.Default), new Int32Array.Builder().AppendNull().AppendNull().Build());
        yield return (F("allnull_f64", DoubleType.Default), new DoubleArray.Builder().AppendNull().Build());
        yield return (F("allnull_i8", Int8Type.Default), new Int8Array.Builder().AppendNull().Build());
        yield return (F("allnull_day", Date32Type.Default), new Date32Array.Builder().AppendNull().Build());
        yield return (F("allnull_s", StringType.Default), Strings([null, null, null]));
        yield return (F("allnull_b", BooleanType.Default), new BooleanArray.Builder().AppendNull().Build());
        yield return (F("one_i64", Int64Type.Default, false), new Int64Array.Builder().Append(-5).Build());
        yield return (F("one_s", StringType.Default, false), Strings(["only"]));
        yield return (F("empty_s", StringType.Default), Strings([]));
        yield return (F("empty_i32", Int32Type.Default), new Int32Array.Builder().Build());
        yield return (F("nan_first", DoubleType.Default), new DoubleArray.Builder().Append(double.NaN).Append(1).Append(-1).Build());
        yield return (F("nan_later", FloatType.Default), new FloatArray.Builder().Append(0f).Append(float.NaN).Append(-0f).Append(2f).Build());
        yield return (F("zeros", DoubleType.Default), new DoubleArray.Builder().Append(0.0).Append(-0.0).Build());
        yield return (F("unicode", StringType.Default), Strings(["é", "日本", "😀", "a", null, "Z", "", "ß😀x"]));
        yield return (F("bools", BooleanType.Default, false), new BooleanArray.Builder().AppendRange(Enumerable.Range(0, 1001).Select(i => i % 7 < 3)).Build());
        yield return (F("big", DoubleType.Default, false), new DoubleArray.Builder().AppendRange(Enumerable.Range(0, 300_000).Select(i => Math.Sin(i))).Build());
        yield return (F("dec5", new Decimal128Type(5, 2)), Decimals(new Decimal128Type(5, 2), -999.99m, 0m, null, 12.5m, 999.99m));
        yield return (F("dec18", new Decimal128Type(18, 4)), Decimals(new Decimal128Type(18, 4), 99_999_999_999_999.9999m, -1m, null));
        yield return (F("allnull_dec", new Decimal128Type(9, 0)), Decimals(new Decimal128Type(9, 0), null, null));
        yield return (F("runs", Int32Type.Default), Build(new Int32Array.Builder(), 5000, (b, i) => { if (i / 1000 % 2 == 1 || i % 17 == 0) b.AppendNull(); else b.Append(i); }));
    }

    private static IArrowArray Decimals(Decimal128Type type, params decimal?[] values)
    {
        var builder = new Decimal128Array.Builder(type);
        foreach (var v in values)
        {
            if (v is null) builder.AppendNull();
            else builder.Append(v.Value);
        }
        return builder.Build();
    }

    [Fact]
    public async Task Encode_DecimalBeyondItsPhysicalType_ThrowsNamingColumnAndRow()
    {
        var type = new Decimal128Type(9, 0);
        var field = new ArrowField("d", type, true);
        // 10 digits, which Arrow's builder refuses for precision 9 but a buffer can hold: no INT32 does.
        var values = new Int128[] { 1, 3_000_000_000 };
        var array = new Decimal128Array(new ArrayData(type, 2, 0, 0,
            [ArrowBuffer.Empty, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray())]));
        var column = await ColumnAsync(field, CompressionMethod.None, sensitive: false);

        var act = () => new ColumnChunkEncoder().Encode(array, column);

        act.Should().Throw<InvalidDataException>().WithMessage("column 'd' row 1: decimal 3000000000 does not fit precision 9*");
    }

    [Fact]
    public void Covers_DecimalsOver18Digits_LeftToParquetNet()
    {
        ColumnChunkEncoder.Covers(new Decimal128Type(19, 2), CompressionMethod.Snappy, EncodingHint.Default).Should().BeFalse();
        ColumnChunkEncoder.Covers(new Decimal128Type(18, 2), CompressionMethod.Snappy, EncodingHint.Default).Should().BeTrue();
        ColumnChunkEncoder.Covers(Int32Type.Default, CompressionMethod.Brotli, EncodingHint.Default).Should().BeFalse();
    }

    private static IArrowArray Build(Int32Array.Builder builder, int count, Action<Int32Array.Builder, int> append)
    {
        for (var i = 0; i < count; i++) append(builder, i);
        return builder.Build();
    }

    private static StringArray Strings(IEnumerable<string?> values)
    {
        var builder = new StringArray.Builder();
        foreach (var v in values)
        {
            if (v is null) builder.AppendNull();
            else builder.Append(v);
        }
        return builder.Build();
    }

    /// <summary>Encodes with both, asserts the same bytes and metadata (ours withholds a sensitive column's bounds), returns ours.</summary>
    private static async Task<(byte[] Bytes, ColumnMetaData Meta)> AssertSameAsync(ArrowField field, IArrowArray array, CompressionMethod codec, bool sensitive)
    {
        var because = $"column {field.Name} ({array.Length} rows, {codec}, sensitive {sensitive})";
        var (theirBytes, theirs) = await ParquetNetAsync(field, array, codec, sensitive);
        using var encoder = new ColumnChunkEncoder();
        var (bytes, chunk) = encoder.Encode(array, await ColumnAsync(field, codec, sensitive));
        var ours = chunk.MetaData!;

        if (array is TimestampArray timestamps) theirBytes = ParquetNetTimestampBounds.Adopt(theirBytes, theirs, timestamps);
        bytes.ToArray().Should().Equal(theirBytes, because);
        chunk.FileOffset.Should().Be(4, because);
        if (sensitive) theirs.Statistics = new Statistics { NullCount = theirs.Statistics!.NullCount };
        Describe(ours).Should().Be(Describe(theirs), because);
        return (bytes.ToArray(), ours);
    }

    private static async Task<ColumnChunkEncoder.Column> ColumnAsync(ArrowField field, CompressionMethod codec, bool sensitive)
    {
        var options = Options(field, codec, sensitive);
        var leaf = ParquetTypeMap.ToParquet(field);
        using var stream = new MemoryStream();
        await (await ParquetWriter.CreateAsync(new ParquetSchema(leaf), stream, options)).DisposeAsync();
        await using var reader = await ParquetReader.CreateAsync(stream);
        return new ColumnChunkEncoder.Column([field.Name], reader.Metadata!.Schema[1].Type!.Value, field.IsNullable, sensitive,
            ParquetBatchWriter.EncodingOf(field, sensitive), codec, options.DictionaryEncodingThreshold, options.DictionaryEncodingSampleSize);
    }

    private static ParquetOptions Options(ArrowField field, CompressionMethod codec, bool sensitive)
    {
        var options = new ParquetOptions { CompressionMethod = codec, DictionaryEncodingSampleSize = 10_000 };
        options.ColumnEncodingHints[field.Name] = ParquetBatchWriter.EncodingOf(field, sensitive);
        return options;
    }

    /// <summary>The chunk as Parquet.Net writes it in a one-column file (right after the magic), and its metadata.</summary>
    private static async Task<(byte[], ColumnMetaData)> ParquetNetAsync(ArrowField field, IArrowArray array, CompressionMethod codec, bool sensitive)
    {
        var leaf = ParquetTypeMap.ToParquet(field);
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(leaf), stream, Options(field, codec, sensitive)))
        {
            using var group = writer.CreateRowGroup();
            await ParquetColumnEncoder.WriteAsync(group, leaf, array, CancellationToken.None);
            group.CompleteValidate();
        }
        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(stream.ToArray()));
        var meta = reader.Metadata!.RowGroups.Single().Columns.Single().MetaData!;
        return (stream.ToArray().AsSpan(4, (int)meta.TotalCompressedSize).ToArray(), meta);
    }

    private static string Describe(ColumnMetaData m) =>
        $"{m.Type} [{string.Join(",", m.Encodings)}] {string.Join(".", m.PathInSchema)} {m.Codec} {m.NumValues} {m.TotalUncompressedSize} {m.TotalCompressedSize} " +
        $"{m.DataPageOffset} {m.DictionaryPageOffset} {m.IndexPageOffset} kv:{m.KeyValueMetadata?.Count} " +
        $"stats:{Hex(m.Statistics?.Min)}/{Hex(m.Statistics?.Max)}/{Hex(m.Statistics?.MinValue)}/{Hex(m.Statistics?.MaxValue)}/" +
        $"{m.Statistics?.NullCount}/{m.Statistics?.DistinctCount}/{m.Statistics?.IsMinValueExact}/{m.Statistics?.IsMaxValueExact} " +
        $"[{string.Join(",", m.EncodingStats?.Select(s => $"{s.PageType}:{s.Encoding}:{s.Count}") ?? [])}] {m.SizeStatistics is null}";

    private static string Hex(byte[]? bytes) => bytes is null ? "null" : Convert.ToHexString(bytes);
}
