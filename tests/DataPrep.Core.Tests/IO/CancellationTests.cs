using DataPrep.IO;

namespace DataPrep.Tests.IO;

public sealed class CancellationTests
{
    public static TheoryData<string> FormatNames => new() { "parquet", "arrow", "csv" };

    [Theory]
    [MemberData(nameof(FormatNames))]
    public async Task ReadAsync_CancelledToken_OperationCanceled(string format)
    {
        using var dir = new TempDirectory();
        var (sink, source) = format switch
        {
            "parquet" => (new SinkOptions { Parquet = new() { Path = "o" } }, new SourceOptions { Parquet = new() { Path = "in" } }),
            "arrow" => (new SinkOptions { Arrow = new() { Path = "o" } }, new SourceOptions { Arrow = new() { Path = "in" } }),
            _ => (new SinkOptions { Csv = new() { Path = "o" } }, new SourceOptions { Csv = new() { Path = "in" } }),
        };
        var format1 = Formats.CreateSink(sink);
        var file = dir.File("in/data" + format1.Extension);
        var batch = TestBatches.AllTypes(50);
        await File.WriteAllBytesAsync(file, await TestBatches.WriteAsync(format1, batch.Schema, [batch]));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var act = async () =>
        {
            await foreach (var _ in Formats.CreateSource(source, dir.Path).ReadAsync(file, new ReadRequest(null, 10, 2), cancelled.Token)) { }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
