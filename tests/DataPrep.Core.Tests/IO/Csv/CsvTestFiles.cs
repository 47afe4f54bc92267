using DataPrep.IO;

namespace DataPrep.Tests.IO.Csv;

internal static class CsvTestFiles
{
    public static async Task<(Apache.Arrow.Schema Schema, List<SourceChunk> Chunks)> ReadAsync(
        TempDirectory dir, string content, CsvSourceOptions? options = null, ReadRequest? request = null, bool bom = false)
    {
        var file = dir.File($"f{Guid.NewGuid():N}.csv");
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        await File.WriteAllBytesAsync(file, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        options ??= new CsvSourceOptions();
        options.Path = file;
        var source = Formats.CreateSource(new SourceOptions { Csv = options }, dir.Path);
        var schema = await source.ReadSchemaAsync(file, CancellationToken.None);
        return (schema, await TestBatches.ReadAllAsync(source, file, request ?? new ReadRequest(null, 1000, 1)));
    }

    public static List<object?[]> Rows(List<SourceChunk> chunks) => TestBatches.Rows(chunks.Select(c => c.Batch));
}
