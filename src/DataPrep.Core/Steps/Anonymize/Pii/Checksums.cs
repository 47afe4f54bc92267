namespace DataPrep.Steps.Anonymize.Pii;

/// <summary>Check digits that tell real identifiers from look-alikes.</summary>
internal static class Checksums
{
    /// <summary>The Luhn check over the ASCII digits of <paramref name="text"/> (other bytes skipped).</summary>
    public static bool Luhn(ReadOnlySpan<byte> text)
    {
        int sum = 0, digits = 0;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var d = text[i] - '0';
            if ((uint)d > 9) continue;
            if ((digits++ & 1) == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return digits > 1 && sum % 10 == 0;
    }

    /// <summary>
    /// The IBAN mod-97 check (ISO 13616) over the letters and digits of <paramref name="text"/>: the first
    /// four moved to the end, letters as 10–35, the number mod 97 must be 1.
    /// </summary>
    public static bool Iban(ReadOnlySpan<byte> text)
    {
        Span<byte> clean = stackalloc byte[40];
        var n = 0;
        foreach (var c in text)
        {
            if (c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'Z') { if (n == clean.Length) return false; clean[n++] = c; }
            else if (c is >= (byte)'a' and <= (byte)'z') { if (n == clean.Length) return false; clean[n++] = (byte)(c - 32); }
        }
        if (n < 15) return false;
        var remainder = 0;
        for (var k = 0; k < n; k++)
        {
            var c = clean[(k + 4) % n];
            remainder = c <= '9' ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder == 1;
    }

    /// <summary>IBAN length by country (the SWIFT registry).</summary>
    public static int IbanLength(byte a, byte b) => (a, b) switch
    {
        ((byte)'A', (byte)'D') => 24, ((byte)'A', (byte)'E') => 23, ((byte)'A', (byte)'L') => 28, ((byte)'A', (byte)'T') => 20,
        ((byte)'A', (byte)'Z') => 28, ((byte)'B', (byte)'A') => 20, ((byte)'B', (byte)'E') => 16, ((byte)'B', (byte)'G') => 22,
        ((byte)'B', (byte)'H') => 22, ((byte)'B', (byte)'R') => 29, ((byte)'C', (byte)'H') => 21, ((byte)'C', (byte)'R') => 22,
        ((byte)'C', (byte)'Y') => 28, ((byte)'C', (byte)'Z') => 24, ((byte)'D', (byte)'E') => 22, ((byte)'D', (byte)'K') => 18,
        ((byte)'D', (byte)'O') => 28, ((byte)'E', (byte)'E') => 20, ((byte)'E', (byte)'G') => 29, ((byte)'E', (byte)'S') => 24,
        ((byte)'F', (byte)'I') => 18, ((byte)'F', (byte)'O') => 18, ((byte)'F', (byte)'R') => 27, ((byte)'G', (byte)'B') => 22,
        ((byte)'G', (byte)'E') => 22, ((byte)'G', (byte)'I') => 23, ((byte)'G', (byte)'L') => 18, ((byte)'G', (byte)'R') => 27,
        ((byte)'G', (byte)'T') => 28, ((byte)'H', (byte)'R') => 21, ((byte)'H', (byte)'U') => 28, ((byte)'I', (byte)'E') => 22,
        ((byte)'I', (byte)'L') => 23, ((byte)'I', (byte)'S') => 26, ((byte)'I', (byte)'T') => 27, ((byte)'J', (byte)'O') => 30,
        ((byte)'K', (byte)'W') => 30, ((byte)'K', (byte)'Z') => 20, ((byte)'L', (byte)'B') => 28, ((byte)'L', (byte)'I') => 21,
        ((byte)'L', (byte)'T') => 20, ((byte)'L', (byte)'U') => 20, ((byte)'L', (byte)'V') => 21, ((byte)'M', (byte)'C') => 27,
        ((byte)'M', (byte)'D') => 24, ((byte)'M', (byte)'E') => 22, ((byte)'M', (byte)'K') => 19, ((byte)'M', (byte)'R') => 27,
        ((byte)'M', (byte)'T') => 31, ((byte)'M', (byte)'U') => 30, ((byte)'N', (byte)'L') => 18, ((byte)'N', (byte)'O') => 15,
        ((byte)'P', (byte)'K') => 24, ((byte)'P', (byte)'L') => 28, ((byte)'P', (byte)'S') => 29, ((byte)'P', (byte)'T') => 25,
        ((byte)'Q', (byte)'A') => 29, ((byte)'R', (byte)'O') => 24, ((byte)'R', (byte)'S') => 22, ((byte)'S', (byte)'A') => 24,
        ((byte)'S', (byte)'E') => 24, ((byte)'S', (byte)'I') => 19, ((byte)'S', (byte)'K') => 24, ((byte)'S', (byte)'M') => 27,
        ((byte)'T', (byte)'N') => 24, ((byte)'T', (byte)'R') => 26, ((byte)'U', (byte)'A') => 29, ((byte)'V', (byte)'G') => 24,
        ((byte)'X', (byte)'K') => 20,
        _ => 0,
    };
}
