using System.Buffers;

namespace DataPrep.IO.Csv;

/// <summary>
/// Cuts a character stream into CSV records: a line break ends a record unless it is inside a
/// quoted field. Scans with span searches over a reused buffer; the file is never loaded whole.
/// Blank lines are skipped (they still count as lines).
/// </summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter, string file)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly SearchValues<char> _special = SearchValues.Create([delimiter, '"', '\n', '\r']);
    private int _position;
    private int _length;
    private long _line = 1;

    /// <summary>Reads the next non-blank record into <paramref name="record"/> and splits it; false at end of file.</summary>
    public async ValueTask<bool> ReadAsync(CsvRecord record, CancellationToken ct)
    {
        while (true)
        {
            record.Start(_line);
            var ended = await ScanAsync(record, ct);
            if (record.RawLength == 0 && !ended) return false;
            if (record.RawLength == 0) continue;
            record.Split(delimiter);
            return true;
        }
    }

    /// <summary>Copies one record's raw text; returns whether a line break ended it (false at end of file).</summary>
    private async ValueTask<bool> ScanAsync(CsvRecord record, CancellationToken ct)
    {
        var inQuotes = false;
        var fieldStart = true;
        while (true)
        {
            if (_position == _length && !await FillAsync(ct))
            {
                if (inQuotes) throw new InvalidDataException($"{file}: line {record.Line}: quoted field is not terminated before the end of the file");
                return false;
            }
            var span = _buffer.AsSpan(_position, _length - _position);
            if (inQuotes)
            {
                var quote = span.IndexOf('"');
                var chunk = quote < 0 ? span : span[..(quote + 1)];
                record.AppendRaw(chunk);
                _line += chunk.Count('\n');
                _position += chunk.Length;
                if (quote < 0) continue;
                if (_position == _length && !await FillAsync(ct)) return false; // closing quote at end of file
                if (_buffer[_position] == '"') { record.AppendRaw('"'); _position++; continue; }
                inQuotes = false;
                fieldStart = false;
                continue;
            }

            var next = span.IndexOfAny(_special);
            if (next < 0)
            {
                record.AppendRaw(span);
                _position = _length;
                fieldStart &= span.IsEmpty;
                continue;
            }
            record.AppendRaw(span[..next]);
            if (next > 0) fieldStart = false;
            var c = span[next];
            _position += next + 1;
            if (c == delimiter) { record.AppendRaw(c); fieldStart = true; continue; }
            if (c == '"') { record.AppendRaw(c); inQuotes = fieldStart; fieldStart = false; continue; }
            _line++;
            if (c == '\r' && (_position < _length || await FillAsync(ct)) && _buffer[_position] == '\n') _position++;
            return true;
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        _length = await reader.ReadAsync(_buffer.AsMemory(), ct);
        _position = 0;
        return _length > 0;
    }
}
