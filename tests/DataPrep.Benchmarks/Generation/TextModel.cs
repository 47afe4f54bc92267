using System.Globalization;
using System.Text;

namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// Builds <c>txt</c>: about 60 characters of vocabulary words, 15 % of rows with an e-mail address
/// and 10 % with a phone number. The first five words spell a keyed permutation of the base-row
/// index in base 64, so no two base rows share a text, which is what makes the duplicate count
/// exact rather than expected. E-mails and phones are never vocabulary words, so they cannot
/// disturb that key.
/// </summary>
internal sealed class TextModel(ulong seed)
{
    public const double EmailRate = 0.15;
    public const double PhoneRate = 0.10;
    private const int KeyWords = 5;

    private readonly FeistelPermutation _key = new(DatasetLayout.MaxRows, SplitMix64.Mix(seed ^ 0x7E47_0000_0000_0001UL));

    /// <param name="scratch">Per-thread scratch, reused across rows.</param>
    public string Build(long baseRow, ref Xoshiro256 rng, Scratch scratch)
    {
        var words = scratch.Tokens;
        words.Clear();
        var key = _key.Map(baseRow);
        var length = 0;
        for (var i = 0; i < KeyWords; i++, key >>= 6) length += Add(words, Vocabulary.Words[key & 63]);

        var target = 40 + rng.NextInt(30);
        while (length < target) length += Add(words, Vocabulary.Words[rng.NextInt(Vocabulary.Words.Length)]);

        if (rng.Chance(EmailRate)) words.Insert(rng.NextInt(words.Count + 1), Email(ref rng));
        if (rng.Chance(PhoneRate)) words.Insert(rng.NextInt(words.Count + 1), Phone(ref rng));

        var text = scratch.Text.Clear();
        foreach (var word in words)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(word);
        }
        return text.ToString();
    }

    private static int Add(List<string> words, string word)
    {
        words.Add(word);
        return word.Length + 1;
    }

    private static string Email(ref Xoshiro256 rng) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Pick(ref rng, Vocabulary.FirstNames)}.{Pick(ref rng, Vocabulary.LastNames)}{rng.NextInt(100)}@{Pick(ref rng, Vocabulary.Domains)}");

    private static string Phone(ref Xoshiro256 rng) => rng.NextInt(3) switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"+1-{200 + rng.NextInt(800)}-555-{rng.NextInt(10_000):D4}"),
        1 => string.Create(CultureInfo.InvariantCulture, $"({200 + rng.NextInt(800)}) {rng.NextInt(1000):D3}-{rng.NextInt(10_000):D4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"+44 20 {rng.NextInt(10_000):D4} {rng.NextInt(10_000):D4}"),
    };

    private static string Pick(ref Xoshiro256 rng, string[] values) => values[rng.NextInt(values.Length)];

    public sealed class Scratch
    {
        public List<string> Tokens { get; } = new(24);
        public StringBuilder Text { get; } = new(128);
    }
}
