using DataPrep.Data;
using DataPrep.Execution;
using DataPrep.IO;
using DataPrep.Steps;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class RecordWriterTests
{
    [Fact]
    public async Task FinishAsync_RecordsOverSeveralFlushes_EveryFieldReadBackInOrder()
    {
        using var dir = new TempDirectory();
        string[] inputs = ["/data/a.parquet", "/data/ünïcode b.parquet"];
        // Repeated and changing strings; nulls in every nullable field, each first after valid rows (so
        // a validity bitmap starts part-way); a row without a source row (-1); and more drop records
        // than one flush holds (65,536), so the columns are built more than once.
        var records = Enumerable.Range(0, 140_000).Select(i => i % 10 == 0
            ? new RowRecord($"check{i % 3}", RowFate.Quarantined, i % 50 == 0 ? "DP0001" : "DP0002", $"bad value {i}",
                new RowId(i % 2, i % 70 == 30 ? -1 : i), i % 4 == 2 ? null : i + 1, i % 20 == 10 ? null : $"{{\"x\": \"é{i}\"}}", null)
            : new RowRecord("dedupe", RowFate.Dropped, "duplicate", i % 10 == 1 ? "same as an earlier row" : $"duplicate of row {i / 2}",
                new RowId(i % 2, i), null, null, i % 8 == 5 ? null : new RowId((i + 1) % 2, i / 2))).ToList();
        var format = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = ".", RowGroupSize = 65_536 } });

        await using (var quarantine = File.Create(dir.Combine("quarantine.parquet")))
        await using (var dropped = File.Create(dir.Combine("dropped.parquet")))
        {
            await using var writer = new RecordWriter(inputs, format, quarantine, dropped);
            foreach (var chunk in records.Chunk(7_000)) await writer.AddAsync(chunk, CancellationToken.None);
            await writer.FinishAsync(CancellationToken.None);
        }

        var (_, bad) = await EngineHarness.ReadRowsAsync(dir.Combine("quarantine.parquet"));
        var (_, gone) = await EngineHarness.ReadRowsAsync(dir.Combine("dropped.parquet"));
        var expectedBad = records.Where(r => r.Fate == RowFate.Quarantined).Select(r => new object?[]
            { r.StepId, r.Code, r.Message, inputs[r.Row.Source], r.Row.Row < 0 ? null : r.Row.Row, r.Line, r.Values }).ToList();
        var expectedGone = records.Where(r => r.Fate == RowFate.Dropped).Select(r => new object?[]
            { r.StepId, r.Code, r.Message, inputs[r.Row.Source], r.Row.Row, r.Survivor is { } s ? inputs[s.Source] : null, r.Survivor?.Row }).ToList();
        expectedGone.Count.Should().BeGreaterThan(65_536, "the drop records must need more than one flush");
        bad.Should().HaveCount(expectedBad.Count);
        gone.Should().HaveCount(expectedGone.Count);
        for (var i = 0; i < bad.Count; i++) bad[i].Should().Equal(expectedBad[i], "quarantine record {0}", i);
        for (var i = 0; i < gone.Count; i++) gone[i].Should().Equal(expectedGone[i], "drop record {0}", i);
    }
}
