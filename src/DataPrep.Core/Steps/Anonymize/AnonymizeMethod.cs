namespace DataPrep.Steps.Anonymize;

/// <summary>How a column is protected.</summary>
public enum AnonymizeMethod
{
    /// <summary>Remove the column from the output.</summary>
    Drop,

    /// <summary>Replace characters with <c>mask_char</c>: all but the last <c>keep_last</c>, or those matched by <c>pattern</c>.</summary>
    Mask,

    /// <summary>Coarsen values: numeric bins, dates to week/month/year, text prefixes (postal codes), or a category hierarchy.</summary>
    Generalize,

    /// <summary>Keyed HMAC-SHA256 pseudonym: the same value and key give the same pseudonym in every column, file and run.</summary>
    Pseudonymize,

    /// <summary>Find PII in free text (e-mail, phone, card, IBAN, IP, US SSN, URL credentials, user detectors) and replace it with a tag or a pseudonym.</summary>
    RedactPii,

    /// <summary>Deterministic AES-256-GCM encryption per value; <c>dataprep decrypt</c> reverses it for key holders.</summary>
    Encrypt,

    /// <summary>Laplace noise from <c>epsilon</c> and <c>clip</c> bounds, by the snapping mechanism (no floating-point leaks).</summary>
    Noise,
}

/// <summary>What <c>redact_pii</c> puts in place of a found entity.</summary>
public enum PiiReplacement
{
    /// <summary>The entity's tag, e.g. <c>&lt;EMAIL&gt;</c>.</summary>
    Tag,

    /// <summary>The tag with the keyed pseudonym of the entity, e.g. <c>&lt;EMAIL:3f0c…&gt;</c>: equal entities stay joinable.</summary>
    Pseudonym,
}

/// <summary>A built-in PII detector.</summary>
public enum PiiEntity
{
    /// <summary>E-mail addresses.</summary>
    Email,

    /// <summary>Phone numbers: international (+cc, 00cc) and common national formats (NANP, leading-0 trunk formats).</summary>
    Phone,

    /// <summary>Payment card numbers of 13–19 digits that pass the Luhn check.</summary>
    CreditCard,

    /// <summary>IBANs of the registered length for their country that pass the mod-97 check.</summary>
    Iban,

    /// <summary>IPv4 and IPv6 addresses.</summary>
    IpAddress,

    /// <summary>US social security numbers written ddd-dd-dddd, excluding never-issued areas and zero groups.</summary>
    UsSsn,

    /// <summary>URLs carrying credentials (scheme://user:password@host).</summary>
    UrlCredentials,
}

/// <summary>Checksum a custom detector's match must pass.</summary>
public enum PiiValidator
{
    /// <summary>No check: every match counts.</summary>
    None,

    /// <summary>The Luhn check digit over the match's digits.</summary>
    Luhn,

    /// <summary>The IBAN mod-97 check over the match's letters and digits.</summary>
    Iban,
}

/// <summary>Granularity a date is generalized to.</summary>
public enum DateGranularity
{
    /// <summary>The Monday of its ISO week.</summary>
    Week,

    /// <summary>The first day of its month.</summary>
    Month,

    /// <summary>The first day of its year.</summary>
    Year,
}

/// <summary>What happens to rows in an equivalence class smaller than k.</summary>
public enum SuppressAction
{
    /// <summary>Measure only; keep every row.</summary>
    None,

    /// <summary>Send the rows to the quarantine with reason <c>anonymize.k_anonymity</c>.</summary>
    Quarantine,

    /// <summary>Drop the rows, recorded with reason <c>anonymize.k_anonymity</c>.</summary>
    Drop,
}
