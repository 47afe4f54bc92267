using System.Globalization;
using System.Text.Json;

namespace DataPrep.Reports.Init;

/// <summary>What a rule sees: the profile of the dataset and the label column, if one was named or guessed.</summary>
public sealed record ProposalContext(QualityReport Report, TableProfile Profile, string? Label);

/// <summary>A proposed step: the comment saying what suggested it, and its YAML (one list item, without the dash).</summary>
public sealed record ProposedStep(string Step, string Finding, string Yaml);

/// <summary>
/// The rules of <c>dataprep init</c>, in pipeline order. Each names the step it proposes; a rule
/// whose step is not registered is skipped, and a proposal that does not validate against the data
/// is written as a comment. Adding a step to the proposals is one line here.
/// </summary>
public static class ProposalRules
{
    public static readonly IReadOnlyList<(string Step, Func<ProposalContext, ProposedStep?> Propose)> All =
    [
        ("cast", NumbersStoredAsText),
        ("anonymize", PersonalData),
        ("impute", ImputeNulls),
        ("validate", c => Validate(c, imputed: false)),
        ("dedupe", Duplicates),
        ("rebalance", SkewedLabel),
    ];

    /// <summary>The validate proposal when an impute step already fills the nulls.</summary>
    public static ProposedStep? ValidateAfterImpute(ProposalContext c) => Validate(c, imputed: true);

    private static string Q(string name) => JsonSerializer.Serialize(name);

    private static string P(double v) => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static ProposedStep? NumbersStoredAsText(ProposalContext c)
    {
        var columns = c.Profile.Columns.Where(x => x.Shape?.Verdict == "numbers_as_text").ToList();
        if (columns.Count == 0) return null;
        return new("cast", $"{string.Join(", ", columns.Select(x => $"'{x.Name}'"))}: text columns whose every value is a number",
            "cast: { columns: { " + string.Join(", ", columns.Select(x => $"{Q(x.Name)}: float64")) + " } }");
    }

    private static readonly string[] PiiNames = ["email", "e_mail", "mail", "phone", "telephone", "ssn", "first_name", "last_name", "full_name", "address"];

    private static ProposedStep? PersonalData(ProposalContext c)
    {
        var columns = c.Profile.Columns.Where(x => x.Type == "string" && (PiiNames.Contains(x.Name.ToLowerInvariant())
            || (x.TopValues?.Count > 0 && x.TopValues.All(v => v.Value.Contains('@', StringComparison.Ordinal))))).ToList();
        if (columns.Count == 0) return null;
        return new("anonymize", $"{string.Join(", ", columns.Select(x => $"'{x.Name}'"))}: looks like personal data (name or values)",
            "anonymize: { columns: { " + string.Join(", ", columns.Select(x => $"{Q(x.Name)}: pseudonymize")) + " } }");
    }

    private static List<ColumnProfile> WithNulls(ProposalContext c) => c.Profile.Columns.Where(x => x.Nulls > 0 && x.Name != c.Label).ToList();

    private static string NullFinding(IEnumerable<ColumnProfile> columns) =>
        string.Join(", ", columns.Select(x => $"'{x.Name}' has {x.Nulls:N0} nulls ({P(x.NullRate)})"));

    private static ProposedStep? ImputeNulls(ProposalContext c)
    {
        var columns = WithNulls(c);
        if (columns.Count == 0) return null;
        return new("impute", NullFinding(columns) + ": fill numbers with the median, text with the most frequent value",
            "impute: { columns: { " + string.Join(", ", columns.Select(x => $"{Q(x.Name)}: {(x.Numeric is not null ? "median" : "mode")}")) + " } }");
    }

    /// <summary>
    /// Validation rules, one step: rows missing a number are quarantined (with their values) when
    /// nothing imputes them, and rare values of a categorical column are repaired to null.
    /// </summary>
    private static ProposedStep? Validate(ProposalContext c, bool imputed)
    {
        var findings = new List<string>();
        var rules = new List<string>();
        var missing = imputed ? [] : WithNulls(c).Where(x => x.Numeric is not null).ToList();
        if (missing.Count > 0)
        {
            findings.Add(NullFinding(missing) + ": rows without these numbers are quarantined for review");
            rules.AddRange(missing.Select(x => $"{{ column: {Q(x.Name)}, not_null: true }}"));
        }
        foreach (var x in c.Profile.Columns.Where(x => x.Type == "string" && x.TopValuesExact && x.TopValues is { Count: > 1 and < 10 } && x.Name != c.Label))
        {
            var rare = x.TopValues!.Where(v => v.Count * 200 <= c.Profile.Rows).ToList();
            var common = x.TopValues!.Where(v => v.Count * 200 > c.Profile.Rows).ToList();
            if (rare.Count == 0 || common.Count < 2) continue;
            findings.Add($"'{x.Name}' has rare values {string.Join(", ", rare.Select(v => $"'{v.Value}' ({v.Count:N0} rows)"))}: repaired to null");
            rules.Add($"{{ column: {Q(x.Name)}, allowed: [{string.Join(", ", common.Select(v => Q(v.Value)))}], on_fail: repair }}");
        }
        if (rules.Count == 0) return null;
        return new("validate", string.Join("; ", findings), "validate: { rules: [ " + string.Join(", ", rules) + " ] }");
    }

    private static ProposedStep? Duplicates(ProposalContext c)
    {
        var profile = c.Profile;
        var duplicates = profile.Rows - profile.DistinctRowsEstimate;
        if (duplicates <= 0) return null;
        return new("dedupe", $"about {duplicates:N0} of {profile.Rows:N0} rows ({P((double)duplicates / profile.Rows)}) repeat another row on every column",
            "dedupe: { keep: first }");
    }

    private static ProposedStep? SkewedLabel(ProposalContext c)
    {
        if (c.Label is null) return null;
        var label = c.Profile.Columns.FirstOrDefault(x => x.Name == c.Label);
        if (label?.TopValues is not { Count: > 1 } classes || !label.TopValuesExact) return null;
        var ratio = (double)classes[0].Count / classes[^1].Count;
        if (ratio < 1.5) return null;
        return new("rebalance", $"label '{c.Label}' is skewed: {string.Join(", ", classes.Select(v => $"{v.Value} {v.Count:N0}"))} (largest/smallest {ratio:0.0})",
            $"rebalance: {{ label: {Q(c.Label)}, strategy: undersample }}");
    }
}
