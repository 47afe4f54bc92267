using DataPrep.DataFrames;
using DataPrep.Steps.Filter;
using DataPrep.Steps.Select;
using Microsoft.Data.Analysis;

namespace DataPrep.Tests.DataFrames;

public sealed class DataFrameInteropTests
{
    private static DataFrame People(int rows)
    {
        var id = new Int64DataFrameColumn("id", Enumerable.Range(0, rows).Select(i => (long)i));
        var name = new StringDataFrameColumn("name", Enumerable.Range(0, rows).Select(i => i % 9 == 4 ? null : $"person {i}"));
        var age = new Int64DataFrameColumn("age", Enumerable.Range(0, rows).Select(i => i % 10 == 3 ? (long?)null : 18 + i % 60));
        var score = new DoubleDataFrameColumn("score", Enumerable.Range(0, rows).Select(i => (double?)(i * 1.5)));
        return new DataFrame(id, name, age, score);
    }

    [Fact]
    public async Task CollectDataFrameAsync_FrameIn_FilteredFrameOut()
    {
        var input = People(1000);

        var output = await Pipeline.Create("frames")
            .From(input)
            .Step(new FilterOptions { Where = "age > 50" })
            .Step(new SelectOptions { Columns = ["id", "name", "age"] })
            .ToMemory().Build()
            .CollectDataFrameAsync(new RunOptions { BatchSize = 64 });

        var expected = Enumerable.Range(0, 1000).Where(i => i % 10 != 3 && 18 + i % 60 > 50).ToList();
        output.Columns.Select(c => c.Name).Should().Equal("id", "name", "age");
        output.Rows.Count.Should().Be(expected.Count);
        output.Columns["id"].Cast<long?>().Should().Equal(expected.Select(i => (long?)i));
        output.Columns["name"].Cast<string?>().Should().Equal(expected.Select(i => i % 9 == 4 ? null : $"person {i}"));
        output.Columns["age"].Cast<long?>().Should().Equal(expected.Select(i => (long?)(18 + i % 60)));
    }

    [Fact]
    public async Task CollectDataFrameAsync_DateTimeColumn_RoundTripsThroughAStep()
    {
        var start = new DateTime(2026, 1, 31, 0, 0, 0, DateTimeKind.Utc);
        var when = new DateTimeDataFrameColumn("when", Enumerable.Range(0, 100).Select(i => i % 7 == 0 ? (DateTime?)null : start.AddDays(i)));
        var input = new DataFrame(new Int64DataFrameColumn("id", Enumerable.Range(0, 100).Select(i => (long)i)), when);

        var output = await Pipeline.Create("dates").From(input).Step(new FilterOptions { Where = "id >= 50" }).ToMemory().Build()
            .CollectDataFrameAsync(new RunOptions { BatchSize = 16 });

        output.Rows.Count.Should().Be(50);
        output.Columns["when"].Cast<DateTime?>().Should().Equal(Enumerable.Range(50, 50).Select(i => i % 7 == 0 ? (DateTime?)null : start.AddDays(i)));
    }

    [Fact]
    public async Task CollectDataFrameAsync_YamlMemorySource_BindsTheFrameByName()
    {
        var pipeline = Pipeline.Parse("version: 1\nsource: { memory: people }\nsteps:\n  - filter: { where: \"age is null\" }\nsink: { memory: {} }\n", ".")
            .WithInput("people", People(100));

        var output = await pipeline.CollectDataFrameAsync();

        output.Rows.Count.Should().Be(10);
        output.Columns["age"].NullCount.Should().Be(10);
    }

    [Fact]
    public async Task ToDataFrameAsync_NoRowsLeft_EmptyFrameWithTheColumns()
    {
        var pipeline = Pipeline.Create("none").From(People(50)).Step(new FilterOptions { Where = "age > 1000" }).ToMemory().Build();
        var schema = (await pipeline.CompileAsync()).OutputSchema;

        var output = await pipeline.StreamAsync().ToDataFrameAsync(schema);

        output.Rows.Count.Should().Be(0);
        output.Columns.Select(c => c.Name).Should().Equal("id", "name", "age", "score");
    }
}
