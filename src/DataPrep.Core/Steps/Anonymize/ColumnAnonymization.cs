using System.Text.RegularExpressions;
using DataPrep.Definition;

namespace DataPrep.Steps.Anonymize;

/// <summary>How one column is protected: a method and its settings (settings of other methods are errors).</summary>
[ScalarForm(nameof(Method))]
public sealed class ColumnAnonymization
{
    /// <summary>The protection method.</summary>
    public AnonymizeMethod Method { get; set; }

    /// <summary>mask: characters kept at the end (e.g. 4 for the last four digits of a card).</summary>
    public int? KeepLast { get; set; }

    /// <summary>mask: a .NET regular expression; every character of every match is masked (e.g. <c>\d(?=\d{4})</c>).</summary>
    public string? Pattern { get; set; }

    /// <summary>mask: the character put in place of masked ones.</summary>
    public string MaskChar { get; set; } = "*";

    /// <summary>generalize (numeric): bin width; values become the text <c>[lo, hi)</c> of their bin.</summary>
    public double? BinWidth { get; set; }

    /// <summary>generalize (numeric): ascending bin edges; values become <c>[lo, hi)</c>, below the first edge <c>(-inf, e0)</c>, from the last <c>[en, inf)</c>.</summary>
    public List<double>? Bins { get; set; }

    /// <summary>generalize (date or timestamp): truncate to the start of the week, month or year; the output is a date.</summary>
    public DateGranularity? DateTo { get; set; }

    /// <summary>generalize (text, e.g. postal codes): characters kept from the start; the rest is cut off.</summary>
    public int? KeepPrefix { get; set; }

    /// <summary>generalize (text): value → parent category; applied <c>levels</c> times. Values not in it become <c>other</c>.</summary>
    public Dictionary<string, string>? Hierarchy { get; set; }

    /// <summary>generalize with a hierarchy: how many levels up to go.</summary>
    public int Levels { get; set; } = 1;

    /// <summary>generalize with a hierarchy: the category of values the hierarchy does not name.</summary>
    public string Other { get; set; } = "*";

    /// <summary>pseudonymize: keep the format instead of hex (digits stay digits, letters stay letters of the same case, other characters and the length kept).</summary>
    public bool FormatPreserving { get; set; }

    /// <summary>redact_pii: the built-in detectors to run; all when empty.</summary>
    public List<PiiEntity> Entities { get; set; } = [];

    /// <summary>redact_pii: put a tag (<c>&lt;EMAIL&gt;</c>) or a tag with the keyed pseudonym in place of each entity.</summary>
    public PiiReplacement ReplaceWith { get; set; } = PiiReplacement.Tag;

    /// <summary>noise: the privacy budget epsilon of this column (greater than 0); the Laplace scale is (clip max - clip min) / epsilon.</summary>
    public double? Epsilon { get; set; }

    /// <summary>noise: clipping bounds [min, max]; values are clamped to them before and after noise.</summary>
    public List<double>? Clip { get; set; }

    internal void Check(string path, OptionsValidationContext context)
    {
        var m = Method;
        void Only(bool set, string key, params AnonymizeMethod[] methods)
        {
            if (set && !methods.Contains(m)) context.BadValue($"{path}.{key}", $"'{key}' does not apply to {Definition.Binding.EnumNames.NameOf(m)}");
        }
        Only(KeepLast is not null, "keep_last", AnonymizeMethod.Mask);
        Only(Pattern is not null, "pattern", AnonymizeMethod.Mask);
        Only(MaskChar != "*", "mask_char", AnonymizeMethod.Mask);
        Only(BinWidth is not null, "bin_width", AnonymizeMethod.Generalize);
        Only(Bins is not null, "bins", AnonymizeMethod.Generalize);
        Only(DateTo is not null, "date_to", AnonymizeMethod.Generalize);
        Only(KeepPrefix is not null, "keep_prefix", AnonymizeMethod.Generalize);
        Only(Hierarchy is not null, "hierarchy", AnonymizeMethod.Generalize);
        Only(FormatPreserving, "format_preserving", AnonymizeMethod.Pseudonymize);
        Only(Entities.Count > 0, "entities", AnonymizeMethod.RedactPii);
        Only(ReplaceWith != PiiReplacement.Tag, "replace_with", AnonymizeMethod.RedactPii);
        Only(Epsilon is not null, "epsilon", AnonymizeMethod.Noise);
        Only(Clip is not null, "clip", AnonymizeMethod.Noise);

        switch (m)
        {
            case AnonymizeMethod.Mask:
                if ((KeepLast is null) == (Pattern is null)) context.BadValue(path, "mask needs either 'keep_last' or 'pattern'");
                if (KeepLast is < 0) context.BadValue($"{path}.keep_last", "must be 0 or more");
                if (MaskChar.Length != 1 || MaskChar[0] is < ' ' or > '~') context.BadValue($"{path}.mask_char", "give exactly one printable ASCII character");
                if (Pattern is not null)
                {
                    try { _ = new Regex(Pattern); }
                    catch (ArgumentException e) { context.BadValue($"{path}.pattern", $"not a valid regular expression: {e.Message}"); }
                }
                break;
            case AnonymizeMethod.Generalize:
                var kinds = (BinWidth is not null ? 1 : 0) + (Bins is not null ? 1 : 0) + (DateTo is not null ? 1 : 0)
                    + (KeepPrefix is not null ? 1 : 0) + (Hierarchy is not null ? 1 : 0);
                if (kinds != 1) context.BadValue(path, "generalize needs exactly one of bin_width, bins, date_to, keep_prefix, hierarchy");
                if (BinWidth is { } w && !(w > 0 && double.IsFinite(w))) context.BadValue($"{path}.bin_width", "must be a finite number greater than 0");
                if (Bins is { } b && (b.Count == 0 || b.Zip(b.Skip(1)).Any(p => !(p.First < p.Second)) || b.Any(e => !double.IsFinite(e))))
                    context.BadValue($"{path}.bins", "give finite, strictly ascending bin edges");
                if (KeepPrefix is < 1) context.BadValue($"{path}.keep_prefix", "must be 1 or more");
                if (Levels < 1) context.BadValue($"{path}.levels", "must be 1 or more");
                break;
            case AnonymizeMethod.Noise:
                if (Epsilon is not { } eps || !(eps > 0 && double.IsFinite(eps))) context.BadValue($"{path}.epsilon", "noise needs 'epsilon', a finite number greater than 0");
                if (Clip is not { Count: 2 } c || !(c[0] < c[1]) || !double.IsFinite(c[0]) || !double.IsFinite(c[1]))
                    context.BadValue($"{path}.clip", "noise needs 'clip: [min, max]' with finite min < max");
                break;
        }
    }
}
