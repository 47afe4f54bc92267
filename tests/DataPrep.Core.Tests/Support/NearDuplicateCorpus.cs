using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Tests.Support;

/// <summary>
/// A generated corpus with planted near-duplicates: base texts of random vocabulary words, copies
/// with a few words changed (checked to have Jaccard ≥ 0.8 with their base on character 5-grams),
/// and distractors that share a stretch with a base (checked to have Jaccard &lt; 0.5). Rows are
/// shuffled; <see cref="Group"/> says which base each row belongs to.
/// </summary>
internal sealed class NearDuplicateCorpus
{
    public static readonly Schema Schema = new([new Field("id", Int64Type.Default, false), new Field("txt", StringType.Default, true)], null);

    private ulong _state;

    public NearDuplicateCorpus(int bases, int duplicates, int distractors, ulong seed = 1)
    {
        _state = seed;
        var vocabulary = Enumerable.Range(0, 3000).Select(_ => Word()).ToArray();
        var rows = new List<(string Text, int Group, bool Planted)>();
        var baseWords = new List<string[]>();
        for (var b = 0; b < bases; b++)
        {
            var words = Enumerable.Range(0, 35 + (int)Next(30)).Select(_ => vocabulary[Next(vocabulary.Length)]).ToArray();
            baseWords.Add(words);
            rows.Add((string.Join(' ', words), b, false));
        }
        for (var d = 0; d < duplicates; d++)
        {
            var b = (int)Next(bases);
            string text;
            do
            {
                var copy = (string[])baseWords[b].Clone();
                for (var e = 1 + (int)Next(3); e > 0; e--) copy[Next(copy.Length)] = vocabulary[Next(vocabulary.Length)];
                text = string.Join(' ', copy);
            } while (Jaccard(text, rows[b].Text) < 0.8);
            MinPlanted = Math.Min(MinPlanted, Jaccard(text, rows[b].Text));
            rows.Add((text, b, true));
        }
        for (var d = 0; d < distractors; d++)
        {
            var b = (int)Next(bases);
            string text;
            do
            {
                var copy = (string[])baseWords[b].Clone();
                for (var i = (int)(copy.Length * (0.45 + 0.2 * Next(100) / 100.0)); i < copy.Length; i++) copy[i] = vocabulary[Next(vocabulary.Length)];
                text = string.Join(' ', copy);
            } while (Jaccard(text, rows[b].Text) >= 0.5);
            MaxDistractor = Math.Max(MaxDistractor, Jaccard(text, rows[b].Text));
            rows.Add((text, bases + d, false));
        }
        // Shuffle (Fisher-Yates) so that duplicates are spread over batches and can come before their base.
        for (var i = rows.Count - 1; i > 0; i--)
        {
            var j = (int)Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        Texts = rows.Select(r => r.Text).ToArray();
        Group = rows.Select(r => r.Group).ToArray();
        PlantedDuplicates = duplicates;
    }

    public string[] Texts { get; }

    /// <summary>Row → the planted group (base index, or a distractor's own number).</summary>
    public int[] Group { get; }

    public int PlantedDuplicates { get; }

    public double MinPlanted { get; } = 1;

    public double MaxDistractor { get; }

    public IReadOnlyList<RecordBatch> Batches(int batchSize)
    {
        var batches = new List<RecordBatch>();
        for (var start = 0; start < Texts.Length; start += batchSize)
        {
            var length = Math.Min(batchSize, Texts.Length - start);
            var id = new Int64Array.Builder();
            var txt = new StringArray.Builder();
            for (var i = start; i < start + length; i++) { id.Append(i); txt.Append(Texts[i]); }
            batches.Add(new RecordBatch(Schema, [id.Build(), txt.Build()], length));
        }
        return batches;
    }

    /// <summary>Reference Jaccard similarity of character 5-gram sets, with strings.</summary>
    public static double Jaccard(string a, string b)
    {
        var x = Shingles(a);
        var y = Shingles(b);
        var common = x.Count(y.Contains);
        return (double)common / (x.Count + y.Count - common);
    }

    private static HashSet<string> Shingles(string s) =>
        s.Length <= 5 ? [s] : Enumerable.Range(0, s.Length - 4).Select(i => s.Substring(i, 5)).ToHashSet();

    private string Word()
    {
        var s = new StringBuilder();
        for (var n = 3 + (int)Next(6); n > 0; n--) s.Append((char)('a' + Next(26)));
        return s.ToString();
    }

    private ulong Next(int bound) => Next() % (ulong)bound;

    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
