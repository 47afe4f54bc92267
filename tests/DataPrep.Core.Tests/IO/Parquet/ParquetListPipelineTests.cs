using DataPrep.IO;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.IO.Parquet;

/// <summary>A whole run on list data: Parquet token sequences (from DuckDB) → pad → Parquet.</summary>
public sealed class ParquetListPipelineTests
{
    private const int Rows = 2500;
    private const int Length = 6;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Run_PadTokenSequencesFromParquet_WritesPaddedListsValueByValue(int parallelism)
    {
        using var dir = new DataPrep.Tests.Support.TempDirectory();
        // Lengths 0..10, some null sequences; token ids are distinct per row and position.
        var input = WriteTokens(dir, "CASE WHEN i % 17 = 0 THEN NULL ELSE list_transform(range(i % 11), k -> (i * 100 + k)::BIGINT) END");
        var pipeline = EngineHarness.WritePipeline(dir, $"- pad: {{ columns: [tokens], length: {Length}, value: \"-1\", mask: true, padding: left }}");
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = input } }, dir.Path);

        var result = await EngineHarness.RunAsync(pipeline, source, parallelism: parallelism, batchSize: 300);

        var output = EngineHarness.FileOf(result, "data");
        var rows = DuckDbQuery.Rows($"SELECT id, array_to_string(tokens, ','), array_to_string(tokens_mask, ',') FROM read_parquet('{output}') ORDER BY id");
        rows.Should().HaveCount(Rows);
        foreach (var row in rows)
        {
            var id = Convert.ToInt64(row[0]);
            var n = id % 17 == 0 ? 0 : (int)(id % 11);
            // Right truncation keeps the first tokens; left padding puts the pad values first.
            var kept = Enumerable.Range(0, Math.Min(n, Length)).Select(k => (id * 100 + k).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var pad = Length - kept.Count;
            ((string)row[1]!).Should().Be(string.Join(",", Enumerable.Repeat("-1", pad).Concat(kept)), $"tokens of row {id}");
            ((string)row[2]!).Should().Be(string.Join(",", Enumerable.Repeat("0", pad).Concat(Enumerable.Repeat("1", kept.Count))), $"mask of row {id}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Run_FilterThenDedupeOnListKeys_KeepsTheRowsDuckDbKeeps(int parallelism)
    {
        using var dir = new DataPrep.Tests.Support.TempDirectory();
        // Few distinct sequences (so many duplicates), null sequences and null tokens among them.
        var input = WriteTokens(dir, "CASE WHEN i % 13 = 0 THEN NULL "
            + "ELSE list_transform(range(i % 7), k -> CASE WHEN k = 2 AND i % 4 = 0 THEN NULL ELSE (k * 10 + i % 3)::BIGINT END) END");
        // The filter drops rows from batches that hold lists (a take on a list column); the dedupe hashes the lists.
        var pipeline = EngineHarness.WritePipeline(dir, "- filter: { where: \"id > 99\" }\n- dedupe: { keys: [tokens], keep: first }");
        var source = Formats.CreateSource(new SourceOptions { Parquet = new ParquetSourceOptions { Path = input } }, dir.Path);

        var result = await EngineHarness.RunAsync(pipeline, source, parallelism: parallelism, batchSize: 300);

        var output = EngineHarness.FileOf(result, "data");
        var kept = DuckDbQuery.Rows($"SELECT id, tokens::VARCHAR FROM read_parquet('{output}') ORDER BY id");
        var expected = DuckDbQuery.Rows($"""
            SELECT id, tokens::VARCHAR FROM read_parquet('{input}') WHERE id > 99
            QUALIFY row_number() OVER (PARTITION BY tokens ORDER BY id) = 1 ORDER BY id
            """);
        expected.Should().HaveCountGreaterThan(10).And.HaveCountLessThan(40, "the data holds few distinct sequences");
        kept.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    /// <summary>in/tokens.parquet, written by DuckDB: <c>id</c> 0..Rows-1 and <c>tokens</c> from the given expression of <c>i</c>, in 400-row groups.</summary>
    private static string WriteTokens(DataPrep.Tests.Support.TempDirectory dir, string tokens)
    {
        Directory.CreateDirectory(dir.Combine("in"));
        var input = dir.Combine("in", "tokens.parquet");
        DuckDbQuery.Execute($"COPY (SELECT i AS id, {tokens} AS tokens FROM range({Rows}) r(i)) TO '{input}' (FORMAT parquet, ROW_GROUP_SIZE 400);");
        return input;
    }
}
