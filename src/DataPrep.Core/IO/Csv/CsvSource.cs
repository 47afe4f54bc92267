using System.Runtime.CompilerServices;
using Apache.Arrow;
using DataPrep.Data;
using DataPrep.IO.Files;

namespace DataPrep.IO.Csv;

/// <summary>
/// Streams CSV files into Arrow batches. Rows with the wrong number of fields, or a value that
/// does not parse as its column's type, are reported as <see cref="BadRecord"/>s, not thrown.
/// </summary>
internal sealed class CsvSource(CsvSourceOptions options, string baseDirectory) : IBatchSource
{
    private static readonly string[] Extensions = [".csv"];

    public IReadOnlyList<string> ResolveFiles() => FileResolver.Resolve(options.Path, baseDirectory, Extensions);

    public async Task<Schema> ReadSchemaAsync(string file, CancellationToken cancellationToken)
    {
        await using var reader = await CsvFileReader.OpenAsync(file, options, cancellationToken);
        return reader.Schema;
    }

    public async IAsyncEnumerable<SourceChunk> ReadAsync(string file, ReadRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await CsvFileReader.OpenAsync(file, WithExpectedTypes(request.Expected), cancellationToken);
        var fields = reader.Schema.FieldsList;
        var selected = Enumerable.Range(0, fields.Count).Where(c => request.Columns?.Contains(fields[c].Name) ?? true).ToArray();
        if (request.Columns?.FirstOrDefault(c => !fields.Any(f => f.Name == c)) is { } missing)
            throw new InvalidDataException($"{file}: no column '{missing}'");
        var schema = new Schema(selected.Select(c => fields[c]), null);
        var batchSize = Math.Max(1, request.BatchSize);
        var chunk = new CsvChunkBuilder(schema, selected, Math.Min(batchSize, 4096));

        var row = 0L;
        var record = new CsvRecord();
        var sampleIndex = 0;
        while (true)
        {
            CsvRecord current;
            if (sampleIndex < reader.Sample.Count) current = reader.Sample[sampleIndex++];
            else if (await reader.Records.ReadAsync(record, cancellationToken)) current = record;
            else break;

            chunk.Add(reader, current, row++, fields.Count);
            if (chunk.Rows == batchSize) yield return chunk.Take(row);
        }
        if (chunk.Rows > 0 || chunk.HasBadRecords) yield return chunk.Take(row);
    }

    /// <summary>
    /// Every file parses into the run's types (inferred from the first file, or given), so a value
    /// that does not fit in a later file is a bad record on its line, not a whole file rejected.
    /// </summary>
    private CsvSourceOptions WithExpectedTypes(Schema? expected)
    {
        if (expected is null) return options;
        var types = new Dictionary<string, string>(options.Types);
        foreach (var field in expected.FieldsList) types[field.Name] = ColumnTypes.Format(field.DataType);
        return new CsvSourceOptions
        {
            Path = options.Path,
            Delimiter = options.Delimiter,
            Header = options.Header,
            NullValues = options.NullValues,
            InferRows = options.InferRows,
            Types = types,
        };
    }
}
