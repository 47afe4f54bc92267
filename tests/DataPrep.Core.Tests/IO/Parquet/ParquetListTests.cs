using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.IO;
using DataPrep.IO.Parquet;
using Parquet;
using Parquet.Schema;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// LIST columns of flat values: files written by DuckDB (null lists, empty lists, null elements,
/// several row groups) read as DuckDB reads them; lists written by our encoder read back by DuckDB
/// and by our reader.
/// </summary>
public sealed class ParquetListTests : IDisposable
{
    private const int Rows = 3000;
    private static readonly string[] ListColumns = ["i32", "i64", "f", "d", "s", "b"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // One canonical text per list cell, the same from DuckDB and from Arrow: NULL, [] or [a,b,null].
    private static string DuckText(string column) =>
        $"CASE WHEN {column} IS NULL THEN 'NULL' ELSE '[' || array_to_string(list_transform({column}, e -> coalesce(e::VARCHAR, 'null')), ',') || ']' END";

    private static string ArrowText(IArrowArray array, int row)
    {
        var list = (ListArray)array;
        if (list.IsNull(row)) return "NULL";
        var values = list.GetSlicedValues(row);
        var parts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            parts[i] = values.IsNull(i) ? "null" : values switch
            {
                Int32Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
                Int64Array a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
                FloatArray a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
                DoubleArray a => a.GetValue(i)!.Value.ToString(CultureInfo.InvariantCulture),
                StringArray a => a.GetString(i),
                BooleanArray a => a.GetValue(i)!.Value ? "true" : "false",
                _ => throw new NotSupportedException(values.GetType().Name),
            };
        }
        return "[" + string.Join(",", parts) + "]";
    }

    private string WriteDuckDbFile()
    {
        var file = _dir.File("lists.parquet");
        // Floats are k + 0.5 so that DuckDB's and .NET's text of them agree.
        DuckDbQuery.Execute($"""
            CREATE TABLE t AS SELECT i AS id,
                CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN []::INTEGER[]
                     ELSE list_transform(range(i % 5 + 1), k -> CASE WHEN (i + k) % 13 = 0 THEN NULL ELSE (i * 10 + k - 500)::INTEGER END) END AS i32,
                CASE WHEN i % 3 = 0 THEN NULL ELSE [i * 1000000007, NULL, -i]::BIGINT[] END AS i64,
                CASE WHEN i % 4 = 0 THEN []::FLOAT[] ELSE [(i % 100) + 0.5, NULL]::FLOAT[] END AS f,
                CASE WHEN i % 6 = 0 THEN NULL ELSE list_transform(range(i % 3), k -> k + i + 0.5)::DOUBLE[] END AS d,
                CASE WHEN i % 5 = 0 THEN NULL ELSE ['tök' || i, NULL, '', 'x' || (i % 9)] END AS s,
                CASE WHEN i % 8 = 0 THEN NULL ELSE [i % 2 = 0, NULL] END AS b
            FROM range({Rows}) r(i);
            COPY t TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE 1000);
            """);
        return file;
    }

    private static async Task<List<RecordBatch>> ReadAsync(string file, string directory, int batchSize)
    {
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, directory);
        var chunks = await TestBatches.ReadAllAsync(source, file, new ReadRequest(null, batchSize, 3));
        return chunks.Select(c => c.Batch).ToList();
    }

    private static List<string[]> Texts(IEnumerable<RecordBatch> batches, IReadOnlyList<string> columns) =>
        batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r =>
            columns.Select(c => ArrowText(b.Column(b.Schema.GetFieldIndex(c)), r)).ToArray())).ToList();

    private static List<string[]> DuckTexts(string file, IReadOnlyList<string> columns) =>
        DuckDbQuery.Rows($"SELECT {string.Join(", ", columns.Select(DuckText))} FROM read_parquet('{file}') ORDER BY id")
            .Select(r => r.Select(v => (string)v!).ToArray()).ToList();

    [Fact]
    public async Task ReadAsync_DuckDbListColumns_SameListsAsDuckDbReads()
    {
        var file = WriteDuckDbFile();

        var batches = await ReadAsync(file, _dir.Path, 700);

        var schema = batches[0].Schema;
        schema.GetFieldByName("i32").DataType.Should().BeOfType<ListType>().Which.ValueDataType.Should().BeOfType<Int32Type>();
        schema.GetFieldByName("s").DataType.Should().BeOfType<ListType>().Which.ValueDataType.Should().BeOfType<StringType>();
        batches.Sum(b => b.Length).Should().Be(Rows);
        var expected = DuckTexts(file, ListColumns);
        Texts(batches, ListColumns).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        // The data really has every case in it.
        expected.SelectMany(r => r).Should().Contain("NULL").And.Contain("[]").And.Contain(t => t.Contains("null"));
    }

    [Fact]
    public async Task WriteThenRead_ListColumns_DuckDbAndOurReaderSeeTheSameLists()
    {
        var source = WriteDuckDbFile();
        var batches = await ReadAsync(source, _dir.Path, 1000);
        var schema = batches[0].Schema;
        var file = _dir.File("ours.parquet");

        // The writer's path for a list column: ListField in the schema, the leaf written by the encoder.
        var top = schema.FieldsList.Select(ParquetTypeMap.ToParquetField).ToArray();
        var leaves = top.Select(ParquetTypeMap.Leaf).ToArray();
        await using (var stream = File.Create(file))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(top), stream))
        {
            // Sliced batches (non-zero offsets) are what a writer may be handed.
            foreach (var batch in batches)
            {
                foreach (var part in new[] { batch.Slice(0, 300), batch.Slice(300, batch.Length - 300) })
                {
                    using var group = writer.CreateRowGroup();
                    for (var c = 0; c < leaves.Length; c++)
                        await ParquetColumnEncoder.WriteAsync(group, leaves[c], part.Column(c), CancellationToken.None);
                    group.CompleteValidate();
                }
            }
        }

        DuckTexts(file, ListColumns).Should().BeEquivalentTo(DuckTexts(source, ListColumns), o => o.WithStrictOrdering());
        Texts(await ReadAsync(file, _dir.Path, 333), ListColumns).Should().BeEquivalentTo(Texts(batches, ListColumns), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Write_NullListWithElements_ClearError()
    {
        var type = new ListType(Int32Type.Default);
        var values = new Int32Array.Builder().AppendRange([1, 2, 3]).Build();
        // Row 1 is null but its offsets claim two elements.
        var list = new ListArray(type, 2, new ArrowBuffer(new[] { 0, 1, 3 }.SelectMany(BitConverter.GetBytes).ToArray()), values,
            new ArrowBuffer(new byte[] { 0b01 }), 1);
        var field = ParquetTypeMap.ToParquetField(new Apache.Arrow.Field("tokens", type, true));
        var leaf = ParquetTypeMap.Leaf(field);
        await using var stream = new MemoryStream();
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
        using var group = writer.CreateRowGroup();

        var act = () => ParquetColumnEncoder.WriteAsync(group, leaf, list, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidDataException>().WithMessage("*'element'*row 1*null list*2 elements*");
    }

    [Fact]
    public async Task ReadSchemaAsync_ListOfStructs_NotSupportedNamingColumn()
    {
        var file = _dir.File("structs.parquet");
        DuckDbQuery.Execute($"COPY (SELECT [{{'a': 1}}] AS nested) TO '{file}' (FORMAT parquet)");
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = file } }, _dir.Path);

        var act = () => source.ReadSchemaAsync(file, CancellationToken.None);

        (await act.Should().ThrowAsync<NotSupportedException>()).WithMessage($"*{file}*'nested'*");
    }
}
