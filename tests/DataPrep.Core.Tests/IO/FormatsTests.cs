using DataPrep.IO;

namespace DataPrep.Tests.IO;

public sealed class FormatsTests
{
    [Fact]
    public void CreateSink_EachFormat_ItsExtension()
    {
        Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = "o" } }).Extension.Should().Be(".parquet");
        Formats.CreateSink(new SinkOptions { Arrow = new ArrowSinkOptions { Path = "o" } }).Extension.Should().Be(".arrow");
        Formats.CreateSink(new SinkOptions { Csv = new CsvSinkOptions { Path = "o" } }).Extension.Should().Be(".csv");
    }

    [Fact]
    public void CreateSource_NoFormat_ArgumentException()
    {
        var act = () => Formats.CreateSource(new SourceOptions(), "/");

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void CreateSink_NoFormat_ArgumentException()
    {
        var act = () => Formats.CreateSink(new SinkOptions());

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void CreateSource_EachFormat_ResolvesOwnExtensionsInFolder()
    {
        using var dir = new TempDirectory();
        foreach (var name in new[] { "a.parquet", "b.csv", "c.arrow", "d.feather", "e.arrows", "f.txt" }) File.WriteAllText(dir.File($"in/{name}"), "");

        string[] Names(SourceOptions options) => Formats.CreateSource(options, dir.Path).ResolveFiles().Select(Path.GetFileName).ToArray()!;

        Names(new SourceOptions { Parquet = new ParquetSourceOptions { Path = "in" } }).Should().Equal("a.parquet");
        Names(new SourceOptions { Csv = new CsvSourceOptions { Path = "in" } }).Should().Equal("b.csv");
        Names(new SourceOptions { Arrow = new ArrowSourceOptions { Path = "in" } }).Should().Equal("c.arrow", "d.feather", "e.arrows");
    }
}
