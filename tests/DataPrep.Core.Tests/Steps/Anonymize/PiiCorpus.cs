using System.Text;
using DataPrep.Data;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// A generated, labelled corpus: sentences with one planted entity each (its byte span known) and
/// look-alike non-entities (order numbers, dates, times, amounts, Luhn-invalid card numbers, IBANs
/// with wrong check digits, never-issued SSNs). Seeded, so every run sees the same corpus.
/// </summary>
internal static class PiiCorpus
{
    public sealed record Sentence(string Text, PiiEntity Entity, int Start, int End);

    private static readonly string[] Templates =
    [
        "Please contact {0} before Friday about {1}.",
        "Customer said {0} is correct; ref {1}.",
        "{0} appeared in ticket {1} twice",
        "Updated record ({1}): new value {0}",
        "FYI - {1} / {0} - thanks!",
        "Wir haben {0} am {1} geprüft.",
        "Le client a donné {0}, commande {1}.",
        "\"{0}\", logged at {1}",
    ];

    public static List<Sentence> Generate(int count, long seed)
    {
        var list = new List<Sentence>(count);
        var entities = Enum.GetValues<PiiEntity>();
        for (var i = 0; i < count; i++)
        {
            var r = new StableRandom(seed, "pii-corpus", (ulong)i);
            var entity = entities[i % entities.Length];
            var value = Entity(entity, ref r);
            var lookAlike = LookAlike(ref r);
            var template = Templates[r.NextBelow((ulong)Templates.Length)];
            var at = template.IndexOf("{0}", StringComparison.Ordinal);
            var text = template.Replace("{1}", lookAlike);
            at = text.IndexOf("{0}", StringComparison.Ordinal);
            text = text.Replace("{0}", value);
            var start = Encoding.UTF8.GetByteCount(text.AsSpan(0, at));
            list.Add(new Sentence(text, entity, start, start + Encoding.UTF8.GetByteCount(value)));
        }
        return list;
    }

    private static string Digits(ref StableRandom r, int n)
    {
        var sb = new StringBuilder(n);
        for (var i = 0; i < n; i++) sb.Append((char)('0' + r.NextBelow(10)));
        return sb.ToString();
    }

    private static string Entity(PiiEntity entity, ref StableRandom r)
    {
        switch (entity)
        {
            case PiiEntity.Email:
                string[] users = ["jane.doe", "j_smith", "alex+news", "m.o'brien", "li.wei88", "k-ng"], domains = ["example.com", "mail.example.co.uk", "uni-x.edu", "corp.example.org"];
                var user = users[r.NextBelow((ulong)users.Length)].Replace("'", "");
                return $"{user}{r.NextBelow(1000)}@{domains[r.NextBelow((ulong)domains.Length)]}";
            case PiiEntity.Phone:
                var area = 200 + (int)r.NextBelow(800);
                return r.NextBelow(9) switch
                {
                    0 => $"+1 ({area}) {Digits(ref r, 3)}-{Digits(ref r, 4)}",
                    1 => $"+44 20 {Digits(ref r, 4)} {Digits(ref r, 4)}",
                    2 => $"+49 30 {Digits(ref r, 8)}",
                    3 => $"({area}) {Digits(ref r, 3)}-{Digits(ref r, 4)}",
                    4 => $"{area}-{Digits(ref r, 3)}-{Digits(ref r, 4)}",
                    5 => $"{area}.{Digits(ref r, 3)}.{Digits(ref r, 4)}",
                    6 => $"07{Digits(ref r, 3)} {Digits(ref r, 6)}",
                    7 => $"0{1 + r.NextBelow(9)} {Digits(ref r, 2)} {Digits(ref r, 2)} {Digits(ref r, 2)} {Digits(ref r, 2)}",
                    _ => $"+33{1 + r.NextBelow(9)}{Digits(ref r, 8)}",
                };
            case PiiEntity.CreditCard:
                var amex = r.NextBelow(4) == 0;
                var body = (amex ? "37" : "4") + Digits(ref r, amex ? 12 : 14);
                var card = body + LuhnDigit(body);
                return amex ? $"{card[..4]} {card[4..10]} {card[10..]}"
                    : r.NextBelow(3) switch { 0 => card, 1 => Group(card, ' '), _ => Group(card, '-') };
            case PiiEntity.Iban:
                var (country, bban) = r.NextBelow(4) switch
                {
                    0 => ("DE", Digits(ref r, 18)),
                    1 => ("GB", "NWBK" + Digits(ref r, 14)),
                    2 => ("NL", "ABNA" + Digits(ref r, 10)),
                    _ => ("FR", Digits(ref r, 23)),
                };
                var iban = country + IbanCheck(country, bban) + bban;
                return r.NextBelow(2) == 0 ? iban : Group(iban, ' ');
            case PiiEntity.IpAddress:
                if (r.NextBelow(2) == 0) return $"{r.NextBelow(256)}.{r.NextBelow(256)}.{r.NextBelow(256)}.{r.NextBelow(256)}";
                var groups = new string[8];
                for (var g = 0; g < 8; g++) groups[g] = r.NextBelow(65536).ToString("x");
                return r.NextBelow(2) == 0 ? string.Join(':', groups) : $"2001:db8::{groups[6]}:{groups[7]}";
            case PiiEntity.UsSsn:
                var a = 1 + (int)r.NextBelow(898);
                if (a == 666) a = 667;
                return $"{a:000}-{1 + r.NextBelow(99):00}-{1 + r.NextBelow(9999):0000}";
            default:
                return $"https://{"user" + r.NextBelow(100)}:{"pw" + Digits(ref r, 6)}@host{r.NextBelow(50)}.example.com/repo.git";
        }
    }

    private static string LookAlike(ref StableRandom r)
    {
        switch (r.NextBelow(8))
        {
            case 0: return $"ORD-{2020 + r.NextBelow(6)}-{Digits(ref r, 6)}";
            case 1: return $"{2000 + r.NextBelow(26)}-{1 + r.NextBelow(12):00}-{1 + r.NextBelow(28):00}";
            case 2: return $"{1 + r.NextBelow(28):00}/{1 + r.NextBelow(12):00}/{2000 + r.NextBelow(26)}";
            case 3:
                var body = "4" + Digits(ref r, 14);
                var bad = (char)('0' + (LuhnDigit(body) - '0' + 1 + (int)r.NextBelow(9)) % 10);
                return Group(body + bad, ' ');
            case 4: return $"#{Digits(ref r, 8)}";
            case 5: return $"{r.NextBelow(24):00}:{r.NextBelow(60):00}:{r.NextBelow(60):00}";
            case 6: return $"${1 + r.NextBelow(9)},{Digits(ref r, 3)}.{Digits(ref r, 2)}";
            default:
                var bban = Digits(ref r, 18);
                var check = IbanCheck("DE", bban);
                var wrong = ((int.Parse(check) + 1 + (int)r.NextBelow(90)) % 97 + 2).ToString("00");
                return $"DE{(wrong == check ? "00" : wrong)}{bban}";
        }
    }

    private static string Group(string s, char sep) =>
        string.Join(sep, Enumerable.Range(0, (s.Length + 3) / 4).Select(i => s.Substring(4 * i, Math.Min(4, s.Length - 4 * i))));

    public static char LuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static string IbanCheck(string country, string bban)
    {
        var digits = new StringBuilder();
        foreach (var c in bban + country + "00") digits.Append(char.IsLetter(c) ? (c - 'A' + 10).ToString() : c.ToString());
        var remainder = 0;
        foreach (var c in digits.ToString()) remainder = (remainder * 10 + (c - '0')) % 97;
        return (98 - remainder).ToString("00");
    }
}
