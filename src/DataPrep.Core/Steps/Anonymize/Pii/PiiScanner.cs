using System.Net;
using System.Net.Sockets;

namespace DataPrep.Steps.Anonymize.Pii;

/// <summary>
/// The built-in detectors, hand-written over UTF-8 bytes (every entity they find is ASCII): each jumps
/// between trigger bytes with vectorized searches ('@', "://", ':', digits, capitals) and confirms a
/// candidate with its structure and checksum (Luhn for cards, mod-97 and the country length for
/// IBANs, area/group/serial rules for SSNs, octet ranges for IPv4, the framework parser for IPv6).
/// No allocation per value. Overlaps are resolved by the caller.
/// </summary>
internal sealed partial class PiiScanner(IReadOnlyCollection<PiiEntity> entities)
{
    private readonly bool _email = entities.Contains(PiiEntity.Email);
    private readonly bool _url = entities.Contains(PiiEntity.UrlCredentials);
    private readonly bool _iban = entities.Contains(PiiEntity.Iban);
    private readonly bool _ip = entities.Contains(PiiEntity.IpAddress);
    private readonly bool _numbers = entities.Contains(PiiEntity.Phone) || entities.Contains(PiiEntity.CreditCard)
        || entities.Contains(PiiEntity.UsSsn) || entities.Contains(PiiEntity.IpAddress);
    private readonly bool[] _enabled = Enum.GetValues<PiiEntity>().Select(entities.Contains).ToArray();

    public void Scan(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        if (_url) UrlCredentials(text, matches);
        if (_email) Emails(text, matches);
        if (_iban) Ibans(text, matches);
        if (_ip) Ipv6(text, matches);
        if (_numbers) Numbers(text, matches);
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    private static bool IsUpper(byte c) => (uint)(c - 'A') <= 25;

    private static bool IsLetter(byte c) => (uint)((c | 0x20) - 'a') <= 25;

    private static bool IsAlnum(byte c) => IsDigit(c) || IsLetter(c);

    private static bool IsWordByte(byte c) => IsAlnum(c) || c == '_' || c >= 0x80;

    private static void Emails(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        var from = 0;
        while (from < text.Length)
        {
            var k = text[from..].IndexOf((byte)'@');
            if (k < 0) return;
            var at = from + k;
            var s = at;
            while (s > 0 && (IsAlnum(text[s - 1]) || text[s - 1] is (byte)'.' or (byte)'_' or (byte)'%' or (byte)'+' or (byte)'-')) s--;
            while (s < at && text[s] == '.') s++;
            var e = at + 1;
            while (e < text.Length && (IsAlnum(text[e]) || text[e] is (byte)'-' or (byte)'.')) e++;
            while (e > at + 1 && text[e - 1] is (byte)'.' or (byte)'-') e--;
            var domain = text[(at + 1)..e];
            var dot = domain.LastIndexOf((byte)'.');
            var valid = s < at && dot > 0 && domain.Length - dot - 1 >= 2 && domain.IndexOf(".."u8) < 0;
            if (valid)
            {
                foreach (var c in domain[(dot + 1)..]) if (!IsLetter(c)) { valid = false; break; }
            }
            if (valid) matches.Add(new PiiMatch(s, e, (int)PiiEntity.Email));
            from = valid ? e : at + 1;
        }
    }

    private static void UrlCredentials(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        var from = 0;
        while (from < text.Length)
        {
            var k = text[from..].IndexOf("://"u8);
            if (k < 0) return;
            var idx = from + k;
            from = idx + 3;
            var s = idx;
            while (s > 0 && (IsAlnum(text[s - 1]) || text[s - 1] is (byte)'+' or (byte)'.' or (byte)'-')) s--;
            while (s < idx && !IsLetter(text[s])) s++;
            if (s == idx) continue;
            var j = idx + 3;
            var colon = -1;
            while (j < text.Length && text[j] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'/' or (byte)'@'))
            {
                if (text[j] == ':' && colon < 0) colon = j;
                j++;
            }
            if (j >= text.Length || text[j] != '@' || colon <= idx + 3 || colon >= j - 1) continue;
            var end = j + 1;
            while (end < text.Length && text[end] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'"' or (byte)'<' or (byte)'>')) end++;
            while (end > j + 1 && text[end - 1] is (byte)'.' or (byte)',' or (byte)';' or (byte)'!' or (byte)'?' or (byte)')' or (byte)'\'') end--;
            if (end == j + 1) continue;
            matches.Add(new PiiMatch(s, end, (int)PiiEntity.UrlCredentials));
            from = end;
        }
    }

    private static void Ibans(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        var i = 0;
        while (i + 4 <= text.Length)
        {
            var k = text[i..].IndexOfAnyInRange((byte)'A', (byte)'Z');
            if (k < 0) return;
            i += k;
            if (i + 4 > text.Length) return;
            if (!IsUpper(text[i + 1]) || !IsDigit(text[i + 2]) || !IsDigit(text[i + 3]) || (i > 0 && IsWordByte(text[i - 1])))
            {
                i++;
                continue;
            }
            var length = Checksums.IbanLength(text[i], text[i + 1]);
            var count = 0;
            var j = i;
            while (j < text.Length && count < length)
            {
                var c = text[j];
                if (IsUpper(c) || IsDigit(c)) { count++; j++; }
                else if (c == ' ' && j + 1 < text.Length && (IsUpper(text[j + 1]) || IsDigit(text[j + 1]))) j++;
                else break;
            }
            if (length > 0 && count == length && (j == text.Length || !IsWordByte(text[j])) && Checksums.Iban(text[i..j]))
            {
                matches.Add(new PiiMatch(i, j, (int)PiiEntity.Iban));
                i = j;
            }
            else i++;
        }
    }

    private static bool IsIpv6Byte(byte c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 5 || c is (byte)':' or (byte)'.';

    private static void Ipv6(ReadOnlySpan<byte> text, List<PiiMatch> matches)
    {
        var from = 0;
        Span<char> chars = stackalloc char[64];
        while (from < text.Length)
        {
            var k = text[from..].IndexOf((byte)':');
            if (k < 0) return;
            var colonAt = from + k;
            var s = colonAt;
            while (s > 0 && IsIpv6Byte(text[s - 1])) s--;
            var e = colonAt;
            while (e < text.Length && IsIpv6Byte(text[e])) e++;
            from = Math.Max(e, colonAt + 1);
            while (e > s && text[e - 1] == '.') e--;
            while (s < e && text[s] == '.') s++;
            if ((s > 0 && IsWordByte(text[s - 1])) || (e < text.Length && IsWordByte(text[e])) || e - s < 3 || e - s > 45) continue;
            var token = text[s..e];
            var colons = token.Count((byte)':');
            var compressed = token.IndexOf("::"u8) >= 0;
            if (!(compressed || colons == 7 || (colons == 6 && token.Contains((byte)'.')))) continue;
            var groups = 0;
            for (var g = 0; g < token.Length; g++) if (token[g] != ':' && (g == 0 || token[g - 1] == ':')) groups++;
            if (groups < 2) continue;
            for (var c = 0; c < token.Length; c++) chars[c] = (char)token[c];
            if (IPAddress.TryParse(chars[..token.Length], out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
                matches.Add(new PiiMatch(s, e, (int)PiiEntity.IpAddress));
        }
    }
}
