using DataPrep.Execution;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class SourceSpillTests
{
    // Forward fill keeps the normalize out of the impute's pass (FitThroughFillTests), so the plan has three passes.
    private const string TwoFits = "- dedupe: { exclude: [id] }\n- impute: { columns: { age: forward_fill, city: mode } }\n- normalize: { columns: { score: zscore } }";

    [Theory]
    [InlineData(1, 50)]
    [InlineData(3, 64)]
    public async Task Run_MultiPassPlan_ReadsTheSourceOnceAndWritesTheSameBytes(int parallelism, int batchSize)
    {
        using var on = new TempDirectory();
        using var off = new TempDirectory();
        var spilled = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(1500, 100));
        var reread = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(1500, 100));

        var a = await EngineHarness.RunAsync(EngineHarness.WritePipeline(on, TwoFits), spilled, parallelism, batchSize);
        var b = await EngineHarness.RunAsync(EngineHarness.WritePipeline(off, TwoFits, "execution: { spill: false }"), reread, parallelism, batchSize);

        a.Plan.Passes.Should().HaveCount(3);
        PlanRenderer.Text(a.Plan).Should().Contain("spill: pass 1 keeps the source");
        PlanRenderer.Text(b.Plan).Should().Contain("spill: off");
        spilled.Reads.Should().Be(1, "the later passes read the spill");
        reread.Reads.Should().Be(3);
        a.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)).Should().Equal(b.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)));
        a.Ledger.SourceRows.Should().Be(b.Ledger.SourceRows);
        Directory.EnumerateFiles(on.Path, "*.arrows", SearchOption.AllDirectories).Should().BeEmpty("the spill is deleted when the run ends");
    }

    [Fact]
    public async Task Run_BatchesOfOver64KB_BodiesReusedAcrossTheReplays_SameBytesAsReadingAgain()
    {
        // Bodies of 10,000-row batches are reused (SourceSpill.Return) in passes 2 and 3, at parallelism 3.
        using var on = new TempDirectory();
        using var off = new TempDirectory();
        var spilled = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(50_000, 10_000));
        var reread = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(50_000, 10_000));

        var a = await EngineHarness.RunAsync(EngineHarness.WritePipeline(on, TwoFits), spilled, parallelism: 3, batchSize: 4096);
        var b = await EngineHarness.RunAsync(EngineHarness.WritePipeline(off, TwoFits, "execution: { spill: false }"), reread, parallelism: 3, batchSize: 4096);

        spilled.Reads.Should().Be(1);
        a.Ledger.Steps[0].Dropped.Should().BePositive();
        a.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)).Should().Equal(b.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)));
    }

    [Theory]
    [InlineData(TwoFits, "not the rows leaving 'dedupe': in every later pass 'dedupe' replays its removals from the record pass 1 kept")]
    [InlineData("- filter: { where: \"id >= 0\" }\n- impute: { columns: { age: mean } }", "not the rows leaving 'filter': in every later pass 'filter' runs again")]
    public async Task Explain_MultiPassPlan_SaysWhatTheSpillHoldsAndWhy(string steps, string why)
    {
        using var dir = new TempDirectory();
        var plan = await Pipeline.Load(EngineHarness.WritePipeline(dir, steps))
            .CompileAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => PeopleData.Batches(10, 5)) });

        var text = PlanRenderer.Text(plan);

        text.Should().Contain($"spill: pass 1 keeps the source as read ({PeopleData.Schema.FieldsList.Count} columns, all rows, uncompressed)");
        text.Should().Contain(why);
    }

    [Fact]
    public async Task Run_SourceRecordsAndUnreadableFiles_ComeBackFromTheSpillInOrder()
    {
        string Run(TempDirectory dir, bool spill)
        {
            Directory.CreateDirectory(dir.Combine("in"));
            File.WriteAllText(dir.Combine("in", "a.csv"), "id,amount\n1,10\n2,oops\n3,30\n4,\n");
            File.WriteAllText(dir.Combine("in", "b.csv"), "id,amount\n5,50\n6,60\n");
            File.WriteAllText(dir.Combine("in", "c.csv"), "id,amount\n7,\"unterminated\n");
            var path = dir.Combine("pipeline.yaml");
            File.WriteAllText(path, $$"""
                version: 1
                name: test
                source: { csv: { path: "in/*.csv", types: { id: int64, amount: int64 } } }
                steps:
                  - impute: { columns: { amount: mean } }
                sink: { parquet: out }
                quarantine: { max_bad_fraction: 0.9 }
                execution: { spill: {{(spill ? "true" : "false")}}, batch_size: 2 }
                """);
            return path;
        }
        // One folder for both runs: the records name the input files by path.
        using var dir = new TempDirectory();
        var a = await Pipeline.Load(Run(dir, true)).RunAsync(new RunOptions());
        Directory.Delete(dir.Combine("out"), recursive: true);
        var b = await Pipeline.Load(Run(dir, false)).RunAsync(new RunOptions());

        a.Ledger.Quarantined.Should().BeGreaterThan(0);
        a.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)).Should().Equal(b.Manifest.Files.Select(f => (f.Role, f.Rows, f.Sha256)));
        (a.Ledger.SourceRows, a.Ledger.Quarantined, a.Ledger.FilesUnreadable).Should().Be((b.Ledger.SourceRows, b.Ledger.Quarantined, b.Ledger.FilesUnreadable));
    }

    [Fact]
    public void Spill_ThatCannotBeWritten_IsNotUsed()
    {
        using var dir = new TempDirectory();
        using var spill = new SourceSpill(dir.Combine("missing", "spill.arrows"));
        var batch = PeopleData.Batches(10, 10)[0];

        spill.Add(0, new DataPrep.IO.SourceChunk(batch, 0, null, []), []);
        spill.Done(readable: true, null);
        spill.Finish();

        spill.Complete.Should().BeFalse("the later passes then read the inputs");
    }

    [Fact]
    public void Replay_BodyGivenBack_TakesTheNextBatchAndEveryBatchReadsBackWhole()
    {
        using var dir = new TempDirectory();
        using var spill = new SourceSpill(dir.Combine("spill.arrows"));
        // Four batches of the same rows count, bodies over 64 KB (smaller arrays are left to the collector):
        // each body, with the room it is given to spare, fits the next.
        var batches = PeopleData.Batches(8000, 2000);
        var first = 0L;
        foreach (var batch in batches)
        {
            spill.Add(0, new DataPrep.IO.SourceChunk(batch, first, null, []), []);
            first += batch.Length;
        }
        spill.Done(readable: true, null);
        spill.Finish();

        var bodies = new List<byte[]>();
        var read = 0;
        foreach (var (_, batch) in spill.Replay())
        {
            if (batch is null) continue;
            var expected = batches[read++];
            Enumerable.Range(0, batch.Length).Select(r => DataPrep.Data.ArrowValues.RowJson(batch, r))
                .Should().Equal(Enumerable.Range(0, expected.Length).Select(r => DataPrep.Data.ArrowValues.RowJson(expected, r)));
            bodies.Add(Body(batch));
            // Given back only after the rows were read out, as the replay block does after compacting.
            if (read % 2 == 1) spill.Return(batch);
        }

        read.Should().Be(4);
        bodies[1].Should().BeSameAs(bodies[0], "the body given back holds the next batch");
        bodies[2].Should().NotBeSameAs(bodies[1], "a body not given back stays with its batch");
        bodies[3].Should().BeSameAs(bodies[2]);
    }

    /// <summary>The array a batch read back lies in: every buffer of it is a slice of its IPC body.</summary>
    private static byte[] Body(Apache.Arrow.RecordBatch batch)
    {
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(batch.Column(0).Data.Buffers[1].Memory, out var segment).Should().BeTrue();
        return segment.Array!;
    }
}
