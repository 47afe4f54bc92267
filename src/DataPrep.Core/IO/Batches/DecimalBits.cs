namespace DataPrep.IO.Batches;

/// <summary>
/// Converts between <see cref="decimal"/> and the unscaled 128-bit integer that Arrow's
/// Decimal128 stores (little-endian two's complement, which is <see cref="Int128"/>'s layout).
/// </summary>
internal static class DecimalBits
{
    private static readonly Int128[] PowersOfTen = BuildPowers();

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * 10;
        return powers;
    }

    public static Int128 ToUnscaled(decimal value, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var unscaled = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        var current = (bits[3] >> 16) & 0xFF;
        for (; current < scale; current++) unscaled *= 10;
        for (; current > scale; current--) unscaled /= 10;
        return bits[3] < 0 ? -unscaled : unscaled;
    }

    /// <summary>The decimal for an unscaled value; throws when it does not fit System.Decimal (96 bits, scale 28).</summary>
    public static decimal FromUnscaled(Int128 unscaled, int scale)
    {
        var negative = unscaled < 0;
        var magnitude = (UInt128)(negative ? -unscaled : unscaled);
        while (scale > 28 && magnitude % 10 == 0) { magnitude /= 10; scale--; }
        if (magnitude >> 96 != 0 || scale > 28)
            throw new OverflowException($"decimal value {unscaled}e-{scale} does not fit System.Decimal");
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>Exact text of an unscaled value: <c>-12.340</c> for (-12340, 3).</summary>
    public static string Format(Int128 unscaled, int scale)
    {
        var digits = Int128.Abs(unscaled).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (scale > 0)
        {
            digits = digits.PadLeft(scale + 1, '0');
            digits = digits[..^scale] + "." + digits[^scale..];
        }
        return unscaled < 0 ? "-" + digits : digits;
    }

    /// <summary>Parses <c>[+-]digits[.digits]</c> exactly into an unscaled value at <paramref name="scale"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, int precision, int scale, out Int128 unscaled)
    {
        unscaled = 0;
        text = text.Trim();
        var negative = false;
        if (!text.IsEmpty && (text[0] == '-' || text[0] == '+')) { negative = text[0] == '-'; text = text[1..]; }
        if (text.IsEmpty) return false;
        int digits = 0, fraction = 0;
        var seenPoint = false;
        foreach (var c in text)
        {
            if (c == '.' && !seenPoint) { seenPoint = true; continue; }
            if (c is < '0' or > '9') return false;
            if (seenPoint)
            {
                if (fraction == scale) { if (c != '0') return false; continue; }
                fraction++;
            }
            if (unscaled != 0 || c != '0') digits++;
            if (digits > 38) return false;
            unscaled = unscaled * 10 + (c - '0');
        }
        for (; fraction < scale; fraction++) unscaled *= 10;
        if (unscaled >= PowersOfTen[precision]) return false;
        if (negative) unscaled = -unscaled;
        return true;
    }
}
