using DataPrep.Data;
using DataPrep.IO;

namespace DataPrep.Tests.IO.Csv;

public sealed class CsvRoundTripTests
{
    [Fact]
    public async Task WriteThenRead_AllTypesWithNulls_SameValues()
    {
        using var dir = new TempDirectory();
        var batch = TestBatches.AllTypes(200);
        var sink = Formats.CreateSink(new SinkOptions { Csv = new CsvSinkOptions { Path = dir.Path } });
        var text = System.Text.Encoding.UTF8.GetString(await TestBatches.WriteAsync(sink, batch.Schema, TestBatches.Cut(batch, 33)));
        var types = batch.Schema.FieldsList.ToDictionary(f => f.Name, f => ColumnTypes.Format(f.DataType));

        var (schema, chunks) = await CsvTestFiles.ReadAsync(dir, text, new CsvSourceOptions { Types = types });

        schema.FieldsList.Select(f => f.DataType.TypeId).Should().Equal(batch.Schema.FieldsList.Select(f => f.DataType.TypeId));
        chunks.SelectMany(c => c.BadRecords).Should().BeEmpty();
        CsvTestFiles.Rows(chunks).Should().BeEquivalentTo(TestBatches.Rows(batch), o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Write_SameRowsInDifferentBatches_IdenticalBytes()
    {
        var batch = TestBatches.AllTypes(300);
        var sink = Formats.CreateSink(new SinkOptions { Csv = new CsvSinkOptions { Path = "out" } });

        var whole = await TestBatches.WriteAsync(sink, batch.Schema, [batch]);
        var cut = await TestBatches.WriteAsync(sink, batch.Schema, TestBatches.Cut(batch, 1, 7, 100, 3));

        cut.Should().Equal(whole);
    }

    [Fact]
    public async Task Write_Values_InvariantTextQuotedOnlyWhenNeeded()
    {
        var batch = TestBatches.AllTypes(3);
        var sink = Formats.CreateSink(new SinkOptions { Csv = new CsvSinkOptions { Path = "out" } });

        var lines = System.Text.Encoding.UTF8.GetString(await TestBatches.WriteAsync(sink, batch.Schema, [batch])).Split('\n');

        lines[0].Should().Be("id,i8,i16,i32,i64,u8,u16,u32,u64,f32,f64,flag,text,blob,day,at,amount");
        lines[1].Should().Be("0,-128,-30000,0,9223372036854775807,0,0,4294967295,18446744073709551615,0,-0,true,\"\",\"\",1969-12-01,1999-12-31T23:59:00Z,-50.050");
        lines[2].Should().Be("1,,,,,,,,,,,,,,,,");
        lines[3].Should().Be("2,-126,-29986,-2000,9223372036854775805,2,6,4294967293,18446744073709551613,0.6666667,0.3333333333333333,true,\"héllo, \"\"2\"\"");
    }
}
