using System.Text;
using System.Globalization;

namespace DataPrep.Reports.Profiling;

/// <summary>Classifies text values by what they look like: numbers, ISO dates, booleans, empty, text.</summary>
internal sealed class TextShapeCounter
{
    public long Numbers, Dates, Booleans, Empty, Text;

    /// <param name="weight">How many values this one stands for (a sampled value stands for several).</param>
    public void Add(ReadOnlySpan<byte> utf8, long weight = 1)
    {
        var v = utf8.Trim(" \t"u8);
        if (v.IsEmpty) { Empty += weight; return; }
        var first = v[0];
        if (IsDigit(first) && v.Length >= 10 && v[4] == '-' && v[7] == '-' && IsDigit(v[5]) && IsDigit(v[8])) { Dates += weight; return; }
        if ((IsDigit(first) || first is (byte)'-' or (byte)'+' or (byte)'.') && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) { Numbers += weight; return; }
        if ((v.Length == 4 && Ascii.EqualsIgnoreCase(v, "true"u8)) || (v.Length == 5 && Ascii.EqualsIgnoreCase(v, "false"u8))) { Booleans += weight; return; }
        Text += weight;
    }

    public void Merge(TextShapeCounter o)
    {
        Numbers += o.Numbers; Dates += o.Dates; Booleans += o.Booleans; Empty += o.Empty; Text += o.Text;
    }

    public TextShape Finish()
    {
        var valued = Numbers + Dates + Booleans + Text;
        string verdict;
        if (valued == 0) verdict = "empty";
        else
        {
            var (name, count) = new[] { ("text", Text), ("numbers_as_text", Numbers), ("dates_as_text", Dates), ("booleans_as_text", Booleans) }
                .OrderByDescending(x => x.Item2).First();
            verdict = count >= 0.95 * valued ? name : "mixed";
        }
        return new TextShape { Numbers = Numbers, Dates = Dates, Booleans = Booleans, Empty = Empty, Text = Text, Verdict = verdict };
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
