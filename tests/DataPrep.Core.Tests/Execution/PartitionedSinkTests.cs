using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Execution;

public sealed class PartitionedSinkTests
{
    private static string Write(TempDirectory dir, string sink)
    {
        var path = dir.Combine("pipeline.yaml");
        File.WriteAllText(path, $$"""
            version: 1
            name: test
            seed: 7
            source: { parquet: "in/*.parquet" }
            steps:
              - split: { key: [id], stratify_by: label }
            sink: {{sink}}
            """);
        return path;
    }

    [Theory]
    [InlineData("{ parquet: { path: out, partition_by: split } }", ".parquet")]
    [InlineData("{ csv: { path: out, partition_by: split } }", ".csv")]
    [InlineData("{ arrow: { path: out, partition_by: split } }", ".arrow")]
    public async Task PartitionBy_WritesOneFolderPerValue_WithRowCountsInTheManifest(string sink, string extension)
    {
        using var dir = new TempDirectory();
        var result = await EngineHarness.RunAsync(Write(dir, sink), new MemorySource(ClassData.Schema, () => ClassData.Batches(500, 64)));

        var data = result.Manifest.Files.Where(f => f.Role == "data").ToList();
        data.Select(f => f.Path[(f.Path.IndexOf("/data/", StringComparison.Ordinal) + 1)..]).Should().BeEquivalentTo(
            [$"data/train/part-00000{extension}", $"data/validation/part-00000{extension}", $"data/test/part-00000{extension}"]);
        data.Sum(f => f.Rows).Should().Be(500);
        data.Single(f => f.Path.Contains("/train/", StringComparison.Ordinal)).Rows.Should().BeInRange(395, 405);
        if (extension == ".arrow")
        {
            foreach (var file in data)
            {
                using var reader = new Apache.Arrow.Ipc.ArrowFileReader(File.OpenRead(Path.Combine(result.Plan.OutputRoot, file.Path)));
                var rows = 0L;
                while (await reader.ReadNextRecordBatchAsync() is { } batch) using (batch) rows += batch.Length;
                rows.Should().Be(file.Rows);
            }
        }
        if (extension != ".parquet") return;
        foreach (var file in data)
        {
            var (_, rows) = await EngineHarness.ReadRowsAsync(Path.Combine(result.Plan.OutputRoot, file.Path));
            var split = file.Path.Split('/')[^2];
            rows.Should().HaveCount((int)file.Rows);
            rows.Select(r => (string)r[r.Length - 1]!).Should().OnlyContain(s => s == split);
        }
    }

    [Fact]
    public async Task PartitionBy_BytesDoNotDependOnBatchSize()
    {
        var hashes = new List<string>();
        foreach (var batch in new[] { 1000, 7 })
        {
            using var dir = new TempDirectory();
            var result = await EngineHarness.RunAsync(Write(dir, "{ parquet: { path: out, partition_by: split } }"),
                new MemorySource(ClassData.Schema, () => ClassData.Batches(500, batch)), parallelism: 3, batchSize: batch);
            hashes.Add(string.Join(",", result.Manifest.Files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Sha256)));
        }
        hashes[1].Should().Be(hashes[0]);
    }

    [Theory]
    [InlineData("{ parquet: { path: out, partition_by: nope } }", DiagnosticCodes.UnknownColumn)]
    [InlineData("{ parquet: { path: out, partition_by: id } }", DiagnosticCodes.ColumnType)]
    public async Task PartitionBy_ABadColumn_FailsAtValidation(string sink, string code)
    {
        using var dir = new TempDirectory();
        var diagnostics = await Pipeline.Load(Write(dir, sink)).ValidateAsync(new RunOptions { Source = new MemorySource(ClassData.Schema, () => []) });
        diagnostics.Should().Contain(d => d.Code == code && d.Location.Line == 7);
    }

    [Fact]
    public async Task PartitionBy_WithIncrementalRefresh_FailsAtValidation()
    {
        using var dir = new TempDirectory();
        var path = Write(dir, "{ parquet: { path: out, partition_by: split } }");
        File.AppendAllText(path, "\nrefresh: { incremental: true }\n");
        var diagnostics = await Pipeline.Load(path).ValidateAsync(new RunOptions { Source = new MemorySource(ClassData.Schema, () => []) });
        diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.BadValue && d.Location.Line == 7 && d.Message.Contains("refresh.incremental"));
    }

    [Theory]
    [InlineData("train", "train")]
    [InlineData(null, "__null__")]
    [InlineData("a/b ..", "a%2Fb%20%2E%2E")]
    [InlineData("", "%00")]
    public void Folder_EscapesWhatIsNotAPlainName(string? value, string folder) => DataOutputs.Folder(value).Should().Be(folder);
}
