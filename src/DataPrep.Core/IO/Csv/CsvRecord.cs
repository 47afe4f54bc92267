namespace DataPrep.IO.Csv;

/// <summary>
/// One CSV record: its raw text (without the line break), the 1-based line it starts on, and
/// its unescaped fields. Buffers are reused from record to record.
/// </summary>
internal sealed class CsvRecord
{
    private char[] _raw = new char[256];
    private char[] _values = new char[256];
    private int[] _starts = new int[16];
    private int[] _lengths = new int[16];
    private bool[] _quoted = new bool[16];
    private int _valuesLength;

    public long Line { get; private set; }

    public int RawLength { get; private set; }

    public int FieldCount { get; private set; }

    public ReadOnlySpan<char> RawSpan => _raw.AsSpan(0, RawLength);

    public string Raw => new(_raw, 0, RawLength);

    public ReadOnlySpan<char> Field(int index) => _values.AsSpan(_starts[index], _lengths[index]);

    /// <summary>Whether the field was written in quotes (a quoted value is never null).</summary>
    public bool IsQuoted(int index) => _quoted[index];

    public void Start(long line)
    {
        Line = line;
        RawLength = 0;
    }

    public void AppendRaw(ReadOnlySpan<char> chars)
    {
        if (RawLength + chars.Length > _raw.Length) Array.Resize(ref _raw, Math.Max(_raw.Length * 2, RawLength + chars.Length));
        chars.CopyTo(_raw.AsSpan(RawLength));
        RawLength += chars.Length;
    }

    public void AppendRaw(char c) => AppendRaw([c]);

    /// <summary>Splits the raw text into fields (RFC 4180; text after a closing quote is kept as is).</summary>
    public void Split(char delimiter)
    {
        FieldCount = 0;
        _valuesLength = 0;
        var raw = RawSpan;
        var i = 0;
        while (true)
        {
            var start = _valuesLength;
            var quoted = i < raw.Length && raw[i] == '"';
            if (quoted)
            {
                i++;
                while (i < raw.Length)
                {
                    var close = raw[i..].IndexOf('"');
                    if (close < 0) { AppendValue(raw[i..]); i = raw.Length; break; }
                    AppendValue(raw.Slice(i, close));
                    i += close + 1;
                    if (i < raw.Length && raw[i] == '"') { AppendValue("\""); i++; continue; }
                    break;
                }
            }
            var end = raw[i..].IndexOf(delimiter);
            if (end < 0) end = raw.Length - i;
            AppendValue(raw.Slice(i, end));
            i += end;
            AddField(start, quoted);
            if (i >= raw.Length) return;
            i++; // the delimiter; a trailing one leaves one more (empty) field
        }
    }

    /// <summary>Copies the record so it can be kept while the reader reuses its buffers.</summary>
    public CsvRecord Clone()
    {
        var copy = new CsvRecord { Line = Line, RawLength = RawLength, FieldCount = FieldCount, _valuesLength = _valuesLength };
        copy._raw = _raw.AsSpan(0, RawLength).ToArray();
        copy._values = _values.AsSpan(0, _valuesLength).ToArray();
        copy._starts = _starts.AsSpan(0, FieldCount).ToArray();
        copy._lengths = _lengths.AsSpan(0, FieldCount).ToArray();
        copy._quoted = _quoted.AsSpan(0, FieldCount).ToArray();
        return copy;
    }

    private void AppendValue(ReadOnlySpan<char> chars)
    {
        if (_valuesLength + chars.Length > _values.Length) Array.Resize(ref _values, Math.Max(_values.Length * 2, _valuesLength + chars.Length));
        chars.CopyTo(_values.AsSpan(_valuesLength));
        _valuesLength += chars.Length;
    }

    private void AddField(int start, bool quoted)
    {
        if (FieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, FieldCount * 2);
            Array.Resize(ref _lengths, FieldCount * 2);
            Array.Resize(ref _quoted, FieldCount * 2);
        }
        _starts[FieldCount] = start;
        _lengths[FieldCount] = _valuesLength - start;
        _quoted[FieldCount] = quoted;
        FieldCount++;
    }
}
