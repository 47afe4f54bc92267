using Apache.Arrow.Types;
using DataPrep.IO;

namespace DataPrep.Tests.IO.Csv;

public sealed class CsvSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ReadAsync_QuotedFields_DelimitersQuotesAndNewlinesKept()
    {
        var (_, chunks) = await CsvTestFiles.ReadAsync(_dir, "a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",plain\n");

        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(new[] { new object?[] { "x,1", "say \"hi\"" }, ["two\nlines", "plain"] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadAsync_CrLfAndBom_SameAsLf()
    {
        var (schema, chunks) = await CsvTestFiles.ReadAsync(_dir, "id,name\r\n1,\"a\r\nb\"\r\n2,c\r\n", bom: true);

        schema.FieldsList.Select(f => f.Name).Should().Equal("id", "name");
        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(new[] { new object?[] { 1L, "a\r\nb" }, [2L, "c"] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadAsync_NullTokens_TrimmedUnquotedOnly()
    {
        var (_, chunks) = await CsvTestFiles.ReadAsync(_dir, "s,n\nNA,1\n  null ,\n\"NA\",NULL\n\"\",N/A\n");

        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(new[]
        {
            new object?[] { null, 1L }, [null, null], ["NA", null], ["", null],
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadSchemaAsync_Inference_FirstTypeEveryValueFits()
    {
        var (schema, chunks) = await CsvTestFiles.ReadAsync(_dir,
            "i,f,b,d,t,s,empty,mixed\n" +
            "1,1.5,true,2024-01-31,2024-01-31T10:00:00Z,x,,1\n" +
            "-2,3,FALSE,1999-12-31,2024-01-31 10:00:00.123456,y,NA,abc\n" +
            ",1e3,,,2024-02-01T00:00:00+02:00,,,2\n");

        schema.FieldsList.Select(f => f.DataType.TypeId).Should().Equal(
            ArrowTypeId.Int64, ArrowTypeId.Double, ArrowTypeId.Boolean, ArrowTypeId.Date32, ArrowTypeId.Timestamp,
            ArrowTypeId.String, ArrowTypeId.String, ArrowTypeId.String);
        var rows = CsvTestFiles.Rows(chunks);
        rows[2][4].Should().Be(new DateTimeOffset(2024, 1, 31, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000);
        rows[1][4].Should().Be(new DateTimeOffset(2024, 1, 31, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000 + 123_456);
        rows[1][3].Should().Be(new DateOnly(1999, 12, 31).DayNumber - new DateOnly(1970, 1, 1).DayNumber);
        rows[2][1].Should().Be(1000.0);
    }

    [Fact]
    public async Task ReadSchemaAsync_InferRows_OnlySampleDecides()
    {
        var (schema, chunks) = await CsvTestFiles.ReadAsync(_dir, "v\n1\n2\nthree\n", new CsvSourceOptions { InferRows = 2 });

        schema.FieldsList[0].DataType.TypeId.Should().Be(ArrowTypeId.Int64);
        chunks.SelectMany(c => c.BadRecords).Should().ContainSingle().Which.Should().Be(new BadRecord(2, 4, "column 'v': 'three' is not a int64", "three"));
    }

    [Fact]
    public async Task ReadAsync_TypeOverrides_Win()
    {
        var options = new CsvSourceOptions { Types = { ["code"] = "string", ["amount"] = "decimal(10,2)", ["small"] = "int8" } };

        var (schema, chunks) = await CsvTestFiles.ReadAsync(_dir, "code,amount,small\n007,12.5,-3\n010,-0.01,127\n", options);

        schema.FieldsList.Select(f => f.DataType.TypeId).Should().Equal(ArrowTypeId.String, ArrowTypeId.Decimal128, ArrowTypeId.Int8);
        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(new[] { new object?[] { "007", 12.5m, (sbyte)-3 }, ["010", -0.01m, (sbyte)127] }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadSchemaAsync_OverrideUnknownColumn_ErrorNamingIt()
    {
        var act = () => CsvTestFiles.ReadAsync(_dir, "a\n1\n", new CsvSourceOptions { Types = { ["nope"] = "int64" } });

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*'nope'*");
    }

    [Fact]
    public async Task ReadAsync_BadRows_ReportedWithLineRowAndRawAndGoodRowsKeepNumbers()
    {
        var csv = "id,name\n1,a\n2\n\"3\nx\",b\nfour,c\n5,e\n\n6,f\n";
        var options = new CsvSourceOptions { Types = { ["id"] = "int64" } };

        var (_, chunks) = await CsvTestFiles.ReadAsync(_dir, csv, options, new ReadRequest(null, 2, 1));

        chunks.SelectMany(c => c.BadRecords).Should().BeEquivalentTo(new[]
        {
            new BadRecord(1, 3, "expected 2 fields, found 1", "2"),
            new BadRecord(2, 4, "column 'id': '3\nx' is not a int64", "\"3\nx\",b"),
            new BadRecord(3, 6, "column 'id': 'four' is not a int64", "four,c"),
        }, o => o.WithStrictOrdering());
        var numbered = chunks.SelectMany(c => Enumerable.Range(0, c.Batch.Length).Select(i => (c.RowNumber(i), TestBatches.Value(c.Batch.Column(0), i)))).ToList();
        numbered.Should().Equal((0L, (object?)1L), (4L, 5L), (5L, 6L));
    }

    [Fact]
    public async Task ReadAsync_UnterminatedQuote_InvalidDataNamingFileAndLine()
    {
        var act = () => CsvTestFiles.ReadAsync(_dir, "a,b\n1,2\n3,\"open\nstill open\n");

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*.csv: line 3:*");
    }

    [Fact]
    public async Task ReadAsync_NoHeader_ColumnsNumbered()
    {
        var (schema, chunks) = await CsvTestFiles.ReadAsync(_dir, "1;x\n2;y\n", new CsvSourceOptions { Header = false, Delimiter = ";" });

        schema.FieldsList.Select(f => f.Name).Should().Equal("column_1", "column_2");
        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(new[] { new object?[] { 1L, "x" }, [2L, "y"] }, o => o.WithStrictOrdering());
        chunks[0].FirstRow.Should().Be(0);
    }

    [Fact]
    public async Task ReadAsync_BatchSizeAndProjection_SlicedOnlyRequested()
    {
        var csv = "a,b,c\n" + string.Concat(Enumerable.Range(0, 25).Select(i => $"{i},{i * 2},x{i}\n"));

        var (_, chunks) = await CsvTestFiles.ReadAsync(_dir, csv, request: new ReadRequest(new HashSet<string> { "c", "a" }, 10, 1));

        chunks.Select(c => c.Batch.Length).Should().Equal(10, 10, 5);
        chunks.Select(c => c.FirstRow).Should().Equal(0, 10, 20);
        chunks[0].Batch.Schema.FieldsList.Select(f => f.Name).Should().Equal("a", "c");
        CsvTestFiles.Rows(chunks)[24].Should().Equal(24L, "x24");
    }

    [Fact]
    public async Task ReadAsync_LargeFile_StreamsAcrossBufferBoundaries()
    {
        var lines = Enumerable.Range(0, 20_000).Select(i => $"{i},\"v,{i}\nz\",{i * 0.5}");
        var (_, chunks) = await CsvTestFiles.ReadAsync(_dir, "i,s,f\n" + string.Join("\r\n", lines) + "\r\n", request: new ReadRequest(null, 4096, 1));

        var rows = CsvTestFiles.Rows(chunks);
        rows.Should().HaveCount(20_000);
        rows[12_345].Should().Equal(12_345L, "v,12345\nz", 6172.5);
        chunks.SelectMany(c => c.BadRecords).Should().BeEmpty();
    }
}
