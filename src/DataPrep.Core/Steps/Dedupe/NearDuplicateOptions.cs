using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Near-duplicate text detection: MinHash signatures over character or word n-grams, LSH banding
/// to find candidate pairs, an optional exact Jaccard check, clusters by union-find.
/// </summary>
public sealed class NearDuplicateOptions
{
    /// <summary>The text (string) column compared.</summary>
    public string Column { get; set; } = "";

    /// <summary>What a shingle is: <c>char</c> (n consecutive characters) or <c>word</c> (n consecutive words).</summary>
    public ShingleKind Shingle { get; set; } = ShingleKind.Char;

    /// <summary>Shingle length: characters for <c>char</c>, words for <c>word</c>. A text shorter than this is one shingle.</summary>
    public int N { get; set; } = 5;

    /// <summary>LSH bands. Two texts become a candidate pair when all <c>rows</c> MinHash values of any band agree; the implied similarity threshold is (1/bands)^(1/rows).</summary>
    public int Bands { get; set; } = 24;

    /// <summary>MinHash values per band; bands × rows values make a signature.</summary>
    public int Rows { get; set; } = 7;

    /// <summary>Jaccard similarity at or above which a candidate pair is a near-duplicate (used when <c>verify</c> is true).</summary>
    public double Threshold { get; set; } = 0.8;

    /// <summary>Check every candidate pair's exact Jaccard similarity of shingle sets against <c>threshold</c> (keeps a 32-bit hash per distinct shingle per row while fitting). When false, a shared band is enough.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Which row of a cluster survives: <c>first</c> or <c>last</c> in source order, or the <c>longest</c> / <c>shortest</c> text (UTF-8 bytes; ties go to the first).</summary>
    public NearKeepPolicy Keep { get; set; } = NearKeepPolicy.First;

    /// <summary>How text is normalized before shingling.</summary>
    public TextNormalizationOptions Normalize { get; set; } = new();

    internal int SignatureLength => Bands * Rows;

    /// <summary>The similarity at which a pair has a 50 % chance of sharing a band, roughly: (1/b)^(1/r).</summary>
    internal double ImpliedThreshold => Math.Pow(1.0 / Bands, 1.0 / Rows);

    internal void Check(string path, OptionsValidationContext context)
    {
        if (string.IsNullOrEmpty(Column)) context.Error($"{path}.column", DiagnosticCodes.MissingRequired, "name the text column to compare");
        if (N is < 1 or > 64) context.BadValue($"{path}.n", "n must be 1..64");
        if (Bands is < 1 or > 256) context.BadValue($"{path}.bands", "bands must be 1..256");
        if (Rows is < 1 or > 32) context.BadValue($"{path}.rows", "rows must be 1..32");
        if (Bands * Rows > 1024) context.BadValue($"{path}.rows", "bands × rows must be at most 1024");
        if (Threshold is <= 0 or > 1 || double.IsNaN(Threshold)) context.BadValue($"{path}.threshold", "threshold must be in (0, 1]");
    }
}

/// <summary>What a shingle is.</summary>
public enum ShingleKind
{
    /// <summary>n consecutive characters (UTF-16 code units of the normalized text).</summary>
    Char,

    /// <summary>n consecutive whitespace-separated words.</summary>
    Word,
}

/// <summary>Which row of a near-duplicate cluster survives.</summary>
public enum NearKeepPolicy
{
    First,
    Last,
    Longest,
    Shortest,
}

/// <summary>Text normalization applied before shingling (the column itself is not changed).</summary>
public sealed class TextNormalizationOptions
{
    /// <summary>Lower-case (invariant culture).</summary>
    public bool Lowercase { get; set; } = true;

    /// <summary>Unicode NFKC normalization (compatibility forms folded, e.g. full-width letters, ligatures).</summary>
    public bool Nfkc { get; set; } = true;

    /// <summary>Runs of whitespace become one space; leading and trailing whitespace is removed.</summary>
    public bool CollapseWhitespace { get; set; } = true;
}
