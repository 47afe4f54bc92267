using System.Globalization;
using System.Text;

namespace DataPrep.Steps.Normalize;

/// <summary>
/// Text clean-up in a fixed order: NFKC (compatibility forms such as full-width letters and
/// ligatures become plain ones), control and format characters removed, case folded, white
/// space collapsed. Case folding is .NET's invariant lower-casing, a simple (one-to-one) folding:
/// it does not expand "ß" to "ss" as full Unicode case folding would.
/// </summary>
internal sealed class TextNormalizer(NormalizeColumn spec)
{
    public string Normalize(string text, StringBuilder buffer)
    {
        if (spec.Nfkc && !text.IsNormalized(NormalizationForm.FormKC)) text = text.Normalize(NormalizationForm.FormKC);
        buffer.Clear();
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (spec.CollapseWhitespace && char.IsWhiteSpace(c))
            {
                pendingSpace = buffer.Length > 0;
                continue;
            }
            if (spec.RemoveControl && !char.IsWhiteSpace(c) && IsControlOrFormat(c)) continue;
            if (pendingSpace)
            {
                buffer.Append(' ');
                pendingSpace = false;
            }
            buffer.Append(spec.CaseFold ? char.ToLowerInvariant(c) : c);
        }
        return buffer.ToString();
    }

    private static bool IsControlOrFormat(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format;
}
