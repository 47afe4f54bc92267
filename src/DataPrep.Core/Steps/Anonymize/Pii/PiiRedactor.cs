using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace DataPrep.Steps.Anonymize.Pii;

/// <summary>
/// Finds PII in UTF-8 text and writes the text with each entity replaced by its tag
/// (<c>&lt;EMAIL&gt;</c>) or by its tag and keyed pseudonym (<c>&lt;EMAIL:3f0c…&gt;</c>, the same
/// 32 hex characters <c>pseudonymize</c> gives the value). Thread-safe; keep one per column.
/// </summary>
public sealed class PiiRedactor
{
    private static readonly PiiEntity[] AllEntities = Enum.GetValues<PiiEntity>();
    private readonly PiiScanner _scanner;
    private readonly (Regex Pattern, PiiValidator Validator)[] _custom;
    private readonly byte[][] _tags;
    private readonly Pseudonymizer? _pseudonymizer;

    /// <summary>A redactor with the given built-in detectors (all when empty) and custom detectors, replacing with tags.</summary>
    public PiiRedactor(IReadOnlyCollection<PiiEntity>? entities = null, IReadOnlyList<PiiDetectorOptions>? detectors = null)
        : this(entities, detectors, null)
    {
    }

    internal PiiRedactor(IReadOnlyCollection<PiiEntity>? entities, IReadOnlyList<PiiDetectorOptions>? detectors, Pseudonymizer? pseudonymizer)
    {
        _scanner = new PiiScanner(entities is { Count: > 0 } ? entities : AllEntities);
        detectors ??= [];
        _custom = detectors.Select(d => (new Regex(d.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1)), d.Validator)).ToArray();
        _tags = AllEntities.Select(e => Definition.Binding.EnumNames.NameOf(e).ToUpperInvariant())
            .Concat(detectors.Select(d => d.Name.ToUpperInvariant()))
            .Select(Encoding.ASCII.GetBytes).ToArray();
        _pseudonymizer = pseudonymizer;
    }

    /// <summary>The tag of a detector index (a <see cref="PiiEntity"/> or, after them, a custom detector).</summary>
    public string TagOf(int detector) => Encoding.ASCII.GetString(_tags[detector]);

    /// <summary>The entities in <paramref name="text"/>, sorted, without overlaps (the earlier, then the longer, wins).</summary>
    public void Find(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        matches.Clear();
        _scanner.Scan(text, matches);
        if (_custom.Length > 0) Custom(text, matches);
        if (matches.Count <= 1) return;
        matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var kept = 0;
        var end = -1;
        for (var i = 0; i < matches.Count; i++)
        {
            var m = matches[i];
            if (m.Start < end) continue;
            matches[kept++] = m;
            end = m.End;
        }
        matches.RemoveRange(kept, matches.Count - kept);
    }

    /// <summary>Writes the redacted text; returns how many entities were replaced.</summary>
    public int Redact(ReadOnlySpan<byte> text, IBufferWriter<byte> output, List<PiiMatch> scratch)
    {
        Find(text, scratch);
        var position = 0;
        Span<byte> hex = stackalloc byte[Pseudonymizer.HexLength];
        foreach (var m in scratch)
        {
            output.Write(text[position..m.Start]);
            output.Write("<"u8);
            output.Write(_tags[m.Detector]);
            if (_pseudonymizer is not null)
            {
                _pseudonymizer.Hex(text[m.Start..m.End], hex);
                output.Write(":"u8);
                output.Write(hex);
            }
            output.Write(">"u8);
            position = m.End;
        }
        output.Write(text[position..]);
        return scratch.Count;
    }

    /// <summary>Convenience form for strings (allocates; the step works on UTF-8 buffers).</summary>
    public string Redact(string text)
    {
        var output = new ArrayBufferWriter<byte>();
        Redact(Encoding.UTF8.GetBytes(text), output, []);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private void Custom(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        var s = Encoding.UTF8.GetString(text);
        var ascii = s.Length == text.Length;
        for (var d = 0; d < _custom.Length; d++)
        {
            var (pattern, validator) = _custom[d];
            foreach (var m in pattern.EnumerateMatches(s))
            {
                if (m.Length == 0) continue;
                var start = ascii ? m.Index : Encoding.UTF8.GetByteCount(s.AsSpan(0, m.Index));
                var end = ascii ? m.Index + m.Length : start + Encoding.UTF8.GetByteCount(s.AsSpan(m.Index, m.Length));
                var ok = validator switch
                {
                    PiiValidator.Luhn => Checksums.Luhn(text[start..end]),
                    PiiValidator.Iban => Checksums.Iban(text[start..end]),
                    _ => true,
                };
                if (ok) matches.Add(new PiiMatch(start, end, AllEntities.Length + d));
            }
        }
    }
}
