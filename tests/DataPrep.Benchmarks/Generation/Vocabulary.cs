namespace DataPrep.Benchmarks.Generation;

/// <summary>Fixed word lists. Changing any of them changes the reference data set.</summary>
internal static class Vocabulary
{
    /// <summary>Exactly 64 lower-case words: the text key encodes 6 bits per word.</summary>
    public static readonly string[] Words =
    [
        "order", "customer", "shipped", "delayed", "invoice", "payment", "account", "review",
        "product", "quality", "service", "delivery", "return", "refund", "support", "ticket",
        "update", "status", "package", "warehouse", "request", "contact", "pricing", "discount",
        "monthly", "annual", "premium", "basic", "report", "summary", "details", "feedback",
        "great", "poor", "fast", "slow", "broken", "missing", "correct", "wrong",
        "please", "thanks", "urgent", "later", "today", "tomorrow", "morning", "evening",
        "north", "south", "east", "west", "central", "region", "branch", "office",
        "blue", "green", "large", "small", "new", "old", "first", "final",
    ];

    /// <summary>cat1: 8 values with Zipf-like integer weights (sum 100).</summary>
    public static readonly string[] Cat1 = ["books", "electronics", "garden", "toys", "grocery", "sports", "music", "jewelry"];
    public static readonly int[] Cat1Weights = [40, 20, 13, 10, 7, 5, 3, 2];

    public static readonly string[] FirstNames = ["anna", "ben", "chen", "dana", "emil", "fatima", "george", "hana", "ivan", "julia", "kofi", "lena"];
    public static readonly string[] LastNames = ["smith", "garcia", "muller", "rossi", "kim", "novak", "silva", "haddad", "okafor", "larsen"];
    public static readonly string[] Domains = ["example.com", "mail.test", "corp.example.org", "inbox.example.net"];
}
