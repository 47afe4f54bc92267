using System.Text;
using Apache.Arrow;
using DataPrep.Data;
using ArrowField = Apache.Arrow.Field;

namespace DataPrep.IO.Csv;

/// <summary>
/// One open CSV file: the header, the inference sample (kept to be read again as data) and the
/// resulting schema. Both the schema read and the data read start here.
/// </summary>
internal sealed class CsvFileReader : IAsyncDisposable
{
    private readonly StreamReader _text;
    private readonly CsvSourceOptions _options;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _nulls;

    private CsvFileReader(string file, CsvSourceOptions options)
    {
        File = file;
        _options = options;
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        // UTF-8 with or without a byte order mark: the reader drops the mark.
        _text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        Records = new CsvRecordReader(_text, options.Delimiter[0], file);
        _nulls = new HashSet<string>(options.NullValues.Select(v => v.Trim()), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string File { get; }

    public CsvRecordReader Records { get; }

    public Schema Schema { get; private set; } = new([], null);

    /// <summary>Data records read for inference, to be parsed before the rest of the file.</summary>
    public List<CsvRecord> Sample { get; } = [];

    public static async Task<CsvFileReader> OpenAsync(string file, CsvSourceOptions options, CancellationToken ct)
    {
        var reader = new CsvFileReader(file, options);
        try
        {
            await reader.ReadHeaderAndSampleAsync(ct);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    /// <summary>A field is null when unquoted and, trimmed, one of the null tokens.</summary>
    public bool IsNull(CsvRecord record, int field) => !record.IsQuoted(field) && _nulls.Contains(record.Field(field).Trim());

    public ValueTask DisposeAsync()
    {
        _text.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadHeaderAndSampleAsync(CancellationToken ct)
    {
        var record = new CsvRecord();
        string[] names;
        if (_options.Header)
        {
            if (!await Records.ReadAsync(record, ct)) return;
            names = Enumerable.Range(0, record.FieldCount)
                .Select(i => record.Field(i).Trim() is { IsEmpty: false } name ? name.ToString() : $"column_{i + 1}").ToArray();
        }
        else
        {
            if (!await Records.ReadAsync(record, ct)) return;
            Sample.Add(record.Clone());
            names = Enumerable.Range(1, record.FieldCount).Select(i => $"column_{i}").ToArray();
        }

        while (Sample.Count < _options.InferRows && await Records.ReadAsync(record, ct)) Sample.Add(record.Clone());

        var inference = new CsvTypeInference(names.Length);
        foreach (var sample in Sample)
        {
            if (sample.FieldCount != names.Length) continue;
            for (var c = 0; c < names.Length; c++)
                if (!IsNull(sample, c)) inference.Observe(c, sample.Field(c));
        }

        foreach (var column in _options.Types.Keys.Where(k => !names.Contains(k)).Order(StringComparer.Ordinal))
            throw new InvalidDataException($"{File}: types names column '{column}', which is not in the file (columns: {string.Join(", ", names)})");

        Schema = new Schema(names.Select((name, c) => new ArrowField(name,
            _options.Types.TryGetValue(name, out var type) ? ColumnTypes.Parse(type) : inference.Result(c), true)), null);
    }
}
