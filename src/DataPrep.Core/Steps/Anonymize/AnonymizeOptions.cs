using DataPrep.Definition;

namespace DataPrep.Steps.Anonymize;

/// <summary>
/// Protects sensitive columns: drop, mask, generalize, keyed pseudonyms, free-text PII redaction,
/// deterministic encryption and Laplace noise, per column; optionally measures k-anonymity over
/// quasi-identifiers and suppresses rows in small classes. Keys come from an environment variable
/// or a key file, never from the pipeline file.
/// </summary>
public sealed class AnonymizeOptions : IValidatableOptions
{
    /// <summary>Column → how to protect it: a method name (<c>email: pseudonymize</c>) or a mapping with the method's settings.</summary>
    public Dictionary<string, ColumnAnonymization> Columns { get; set; } = [];

    /// <summary>Environment variable holding the secret key (at least 16 bytes of text) for pseudonymize, encrypt and pseudonym redaction.</summary>
    public string? KeyEnv { get; set; }

    /// <summary>File holding the secret key (its bytes, a trailing newline ignored; at least 16 bytes). Relative paths are relative to the working directory.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Extra free-text detectors used by every <c>redact_pii</c> column, after the built-in ones.</summary>
    public List<PiiDetectorOptions> Detectors { get; set; } = [];

    /// <summary>Measure k-anonymity over quasi-identifier columns (as this step outputs them) and optionally suppress rows in small classes. Needs a fit pass.</summary>
    public KAnonymityOptions? KAnonymity { get; set; }

    internal bool NeedsKey => Columns.Values.Any(c => c.Method is AnonymizeMethod.Pseudonymize or AnonymizeMethod.Encrypt
        || (c.Method == AnonymizeMethod.RedactPii && c.ReplaceWith == PiiReplacement.Pseudonym));

    public void Validate(OptionsValidationContext context)
    {
        if (Columns.Count == 0) context.BadValue("columns", "give at least one column to protect");
        foreach (var (name, column) in Columns) column.Check($"columns.{name}", context);
        if (KeyEnv is not null && KeyFile is not null) context.BadValue("key_file", "give either 'key_env' or 'key_file', not both");
        if (NeedsKey && KeyEnv is null && KeyFile is null)
            context.BadValue("", "pseudonymize, encrypt and pseudonym redaction need a key: set 'key_env' (an environment variable) or 'key_file'; keys never go in the pipeline file");
        for (var i = 0; i < Detectors.Count; i++) Detectors[i].Check($"detectors[{i}]", context);
        if (Detectors.Count > 0 && !Columns.Values.Any(c => c.Method == AnonymizeMethod.RedactPii))
            context.BadValue("detectors", "detectors are used by redact_pii columns, and no column uses redact_pii");
        KAnonymity?.Check("k_anonymity", context);
    }
}
