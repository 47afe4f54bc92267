using System.Buffers;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.IO.Csv;

/// <summary>
/// Writes a header row, then one line per row ('\n' line ends, UTF-8 without a byte order mark).
/// A field is quoted only when it must be: it holds the delimiter, a quote or a line break, or it
/// is a string or binary value that would otherwise read back as null (empty, or a default null token).
/// </summary>
internal sealed class CsvBatchWriter(Stream output, Schema schema, char delimiter) : IBatchWriter
{
    private const int FlushAt = 1 << 16;
    private static readonly string[] NullTokens = ["NA", "N/A", "null", "NULL"];

    private readonly StreamWriter _writer = new(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
    private readonly SearchValues<char> _needsQuotes = SearchValues.Create([delimiter, '"', '\n', '\r']);
    private char[] _text = new char[FlushAt * 2];
    private int _length;
    private char[] _value = new char[256];
    private bool _headerWritten;

    public async Task WriteAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        WriteHeader();
        for (var row = 0; row < batch.Length; row++)
        {
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                if (c > 0) Append(delimiter);
                var array = batch.Column(c);
                if (array.IsNull(row)) continue;
                var needed = CsvValueFormatter.MaxLength(array, row);
                if (needed > _value.Length) _value = new char[Math.Max(needed, _value.Length * 2)];
                var length = CsvValueFormatter.Format(array, row, _value);
                AppendField(_value.AsSpan(0, length), array.Data.DataType.TypeId is ArrowTypeId.String or ArrowTypeId.Binary);
            }
            Append('\n');
            if (_length >= FlushAt) await FlushTextAsync(cancellationToken);
        }
        await FlushTextAsync(cancellationToken);
    }

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        WriteHeader();
        await FlushTextAsync(cancellationToken);
        await _writer.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private void WriteHeader()
    {
        if (_headerWritten) return;
        _headerWritten = true;
        for (var c = 0; c < schema.FieldsList.Count; c++)
        {
            if (c > 0) Append(delimiter);
            AppendField(schema.FieldsList[c].Name, isString: true);
        }
        Append('\n');
    }

    private async Task FlushTextAsync(CancellationToken ct)
    {
        await _writer.WriteAsync(_text.AsMemory(0, _length), ct);
        _length = 0;
    }

    private void AppendField(ReadOnlySpan<char> value, bool isString)
    {
        var quote = value.ContainsAny(_needsQuotes) || (isString && IsNullToken(value));
        if (!quote) { Append(value); return; }
        Append('"');
        while (value.IndexOf('"') is var at and >= 0)
        {
            Append(value[..(at + 1)]);
            Append('"');
            value = value[(at + 1)..];
        }
        Append(value);
        Append('"');
    }

    private void Append(char c) => Append([c]);

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_length + chars.Length > _text.Length) System.Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + chars.Length));
        chars.CopyTo(_text.AsSpan(_length));
        _length += chars.Length;
    }

    private static bool IsNullToken(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim();
        if (trimmed.IsEmpty) return true;
        foreach (var token in NullTokens)
            if (trimmed.SequenceEqual(token)) return true;
        return false;
    }
}
