namespace DataPrep.Steps.Anonymize.Pii;

/// <summary>
/// Digit groups: a run of digits joined by single separators (space - . /, and parentheses around an
/// area code), optionally after '+'. A group is classified whole, or else by its longest leading
/// sub-groups, as IPv4, SSN, card or phone; dates, order numbers and amounts fit none of the shapes.
/// </summary>
internal sealed partial class PiiScanner
{
    private const int MaxRuns = 12;

    private void Numbers(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        Span<int> runStart = stackalloc int[MaxRuns];
        Span<int> runEnd = stackalloc int[MaxRuns];
        var i = 0;
        while (i < text.Length)
        {
            var k = text[i..].IndexOfAnyInRange((byte)'0', (byte)'9');
            if (k < 0) return;
            var d = i + k;
            var start = d;
            if (start > 0 && text[start - 1] == '(') start--;
            var plus = start > 0 && text[start - 1] == '+';
            if (plus) start--;
            if (!Boundary(text, start))
            {
                // Inside a word or an identifier such as ORD-5551234: skip the rest of it.
                i = d;
                while (i < text.Length && (IsWordByte(text[i]) || (text[i] is (byte)'-' or (byte)'.' or (byte)'/' && i + 1 < text.Length && IsAlnum(text[i + 1])))) i++;
                continue;
            }
            var runs = 0;
            var j = d;
            while (true)
            {
                runStart[runs] = j;
                while (j < text.Length && IsDigit(text[j])) j++;
                runEnd[runs++] = j;
                if (runs == MaxRuns) break;
                var sep = j;
                while (j < text.Length && j - sep < 3 && text[j] is (byte)' ' or (byte)'-' or (byte)'.' or (byte)'/' or (byte)'(' or (byte)')') j++;
                var sepLength = j - sep;
                var parens = sepLength > 0 && (text[sep..j].Contains((byte)'(') || text[sep..j].Contains((byte)')'));
                if (sepLength == 0 || j >= text.Length || !IsDigit(text[j]) || (sepLength > 1 && !parens)) { j = sep; break; }
            }
            var groupEnd = j;
            if (groupEnd < text.Length && IsWordByte(text[groupEnd]))
            {
                i = groupEnd;
                while (i < text.Length && IsWordByte(text[i])) i++;
                continue;
            }
            var s = 0;
            while (s < runs)
            {
                var found = false;
                for (var e = runs - 1; e >= s; e--)
                {
                    // A sub-group must end at a boundary too: the next byte is a separator, not a digit.
                    var first = s == 0 ? start : runStart[s];
                    var kind = Classify(text, first, runStart[s..(e + 1)], runEnd[s..(e + 1)], s == 0 && plus, s > 0);
                    if (kind < 0) continue;
                    matches.Add(new PiiMatch(first, runEnd[e], kind));
                    s = e + 1;
                    found = true;
                    break;
                }
                if (!found) s++;
            }
            i = Math.Max(groupEnd, d + 1);
        }
    }

    private static bool Boundary(ReadOnlySpan<byte> text, int start)
    {
        if (start == 0) return true;
        var prev = text[start - 1];
        if (IsWordByte(prev)) return false;
        return !(prev is (byte)'-' or (byte)'.' or (byte)'/' or (byte)'#' && start >= 2 && IsAlnum(text[start - 2]));
    }

    /// <param name="inner">The runs start inside a longer group: the weak trunk-prefix phone shapes (0…, 00…) are not tried there.</param>
    /// <returns>The <see cref="PiiEntity"/> the digit runs form, or -1.</returns>
    private int Classify(ReadOnlySpan<byte> text, int first, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, bool plus, bool inner)
    {
        var count = starts.Length;
        var digits = 0;
        for (var r = 0; r < count; r++) digits += ends[r] - starts[r];
        var paren = text[first] == '(' || (plus && first + 1 < text.Length && text[first + 1] == '(');
        byte commonSep = 0;
        var sameSep = true;
        var hasParenSep = false;
        for (var r = 1; r < count; r++)
        {
            var sep = text[ends[r - 1]..starts[r]];
            if (sep.Length != 1) { sameSep = false; hasParenSep = true; continue; }
            if (sep[0] is (byte)'(' or (byte)')') hasParenSep = true;
            if (commonSep == 0) commonSep = sep[0];
            else if (commonSep != sep[0]) sameSep = false;
        }
        var firstDigit = text[starts[0]];

        if (_enabled[(int)PiiEntity.IpAddress] && !plus && !paren && count == 4 && sameSep && commonSep == '.')
        {
            var ok = true;
            for (var r = 0; r < 4 && ok; r++) ok = ends[r] - starts[r] <= 3 && Value(text, starts[r], ends[r]) <= 255;
            if (ok) return (int)PiiEntity.IpAddress;
        }
        if (_enabled[(int)PiiEntity.UsSsn] && !plus && !paren && count == 3 && sameSep && commonSep is (byte)'-' or (byte)' '
            && (ends[0] - starts[0]) == 3 && (ends[1] - starts[1]) == 2 && (ends[2] - starts[2]) == 4)
        {
            var area = Value(text, starts[0], ends[0]);
            if (area != 0 && area != 666 && area < 900 && Value(text, starts[1], ends[1]) != 0 && Value(text, starts[2], ends[2]) != 0)
                return (int)PiiEntity.UsSsn;
        }
        if (_enabled[(int)PiiEntity.CreditCard] && !plus && !paren && !hasParenSep && digits is >= 13 and <= 19
            && (count == 1 || (sameSep && commonSep is (byte)' ' or (byte)'-' && CardGrouping(starts, ends)))
            && Checksums.Luhn(text[starts[0]..ends[^1]]))
            return (int)PiiEntity.CreditCard;
        if (_enabled[(int)PiiEntity.Phone] && (hasParenSep || paren || commonSep is 0 or (byte)' ' or (byte)'-' or (byte)'.'))
        {
            if (plus && digits is >= 8 and <= 15 && firstDigit != '0') return (int)PiiEntity.Phone;
            if (!plus && !inner && count >= 2 && (ends[0] - starts[0]) >= 2 && firstDigit == '0' && text[starts[0] + 1] == '0' && digits is >= 11 and <= 15) return (int)PiiEntity.Phone;
            var nanp = (count == 3 && (ends[0] - starts[0]) == 3 && (ends[1] - starts[1]) == 3 && (ends[2] - starts[2]) == 4)
                || (count == 4 && (ends[0] - starts[0]) == 1 && firstDigit == '1' && (ends[1] - starts[1]) == 3 && (ends[2] - starts[2]) == 3 && (ends[3] - starts[3]) == 4);
            if (!plus && nanp && text[starts[count - 3]] is >= (byte)'2' and <= (byte)'9' && (sameSep || hasParenSep)) return (int)PiiEntity.Phone;
            if (!plus && !inner && count >= 2 && firstDigit == '0' && digits is 10 or 11 && text[starts[0] + 1] != '0') return (int)PiiEntity.Phone;
        }
        return -1;
    }

    /// <summary>Card groupings: fours with a last group of three or four (4-4-4-4, 4-4-4-4-3, 4-4-4-3), 4-6-5 (Amex), 4-6-4 (Diners).</summary>
    private static bool CardGrouping(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        if (ends[0] - starts[0] != 4) return false;
        if (starts.Length == 3 && ends[1] - starts[1] == 6) return ends[2] - starts[2] is 4 or 5;
        for (var r = 0; r < starts.Length - 1; r++) if (ends[r] - starts[r] != 4) return false;
        return ends[^1] - starts[^1] is 3 or 4;
    }

    private static int Value(ReadOnlySpan<byte> text, int start, int end)
    {
        var v = 0;
        for (var p = start; p < end && v < 100_000; p++) v = v * 10 + (text[p] - '0');
        return v;
    }
}
