using Apache.Arrow;
using Apache.Arrow.Types;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// 300 rows (three batches of 100) whose <c>email</c> column holds a unique canary per row, for the
/// tests that an exception quoting a sensitive value reaches no exception, log or file.
/// </summary>
internal static class CanaryEmails
{
    public static readonly Schema Schema = new(
    [
        new Field("id", Int64Type.Default, false),
        new Field("email", StringType.Default, false),
        new Field("note", StringType.Default, false),
    ], null);

    /// <summary>The step that protects the canaries (keyed pseudonyms).</summary>
    public const string Anonymize = "- anonymize: { key_env: DATAPREP_TEST_ANON_KEY, columns: { email: pseudonymize } }";

    public static string Email(string prefix, int i) => $"{prefix}{i:00000}x{i * 7919 % 1000:000}@leak.example";

    public static IEnumerable<RecordBatch> Batches(string prefix)
    {
        for (var start = 0; start < 300; start += 100)
        {
            var ids = Enumerable.Range(start, 100).ToArray();
            yield return new RecordBatch(Schema,
            [
                new Int64Array.Builder().AppendRange(ids.Select(i => (long)i)).Build(),
                new StringArray.Builder().AppendRange(ids.Select(i => Email(prefix, i))).Build(),
                new StringArray.Builder().AppendRange(ids.Select(i => $"n{i}")).Build(),
            ], 100);
        }
    }
}
