using Apache.Arrow;
using DataPrep.IO;
using DataPrep.IO.Parquet;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>
/// The min/max the Parquet sink writes are the column's values in its stored unit: DuckDB skips row
/// groups on them, so a wrong bound loses rows from a filtered query.
/// </summary>
public sealed class ParquetStatisticsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Brotli)] // Parquet.Net encodes the chunk; the writer corrects its bounds
    public async Task Write_TimestampColumn_DuckDbFilterOnStatisticsKeepsEveryMatchingRow(ParquetCompression compression)
    {
        var batch = TestBatches.AllTypes(1000);
        var file = _dir.File($"ts-{compression}.parquet");
        await using (var stream = File.Create(file))
        await using (var writer = new ParquetBatchWriter(stream, batch.Schema, new ParquetSinkOptions { Path = _dir.Path, RowGroupSize = 400, Compression = compression }))
        {
            await writer.WriteAsync(batch, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }
        var at = (TimestampArray)batch.Column(batch.Schema.GetFieldIndex("at"));
        var bound = new DateTimeOffset(2000, 1, 1, 1, 0, 0, TimeSpan.Zero);
        var expected = Enumerable.Range(0, at.Length).Count(i => at.IsValid(i) && at.GetTimestamp(i) >= bound);

        var count = DuckDbQuery.Rows($"SELECT count(*) FROM read_parquet('{file}') WHERE \"at\" >= TIMESTAMPTZ '2000-01-01 01:00:00+00'");
        var bounds = DuckDbQuery.Rows($"SELECT min(stats_min_value), max(stats_max_value) FROM parquet_metadata('{file}') WHERE path_in_schema = 'at'");

        expected.Should().BeInRange(1, 999, "the bound falls inside the column's values");
        count.Single().Single().Should().Be((long)expected);
        var stored = Enumerable.Range(0, at.Length).Where(at.IsValid).Select(i => at.GetTimestamp(i)!.Value).ToList();
        bounds.Single().Select(b => DateTimeOffset.Parse((string)b!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(stored.Min(), stored.Max());
    }
}
