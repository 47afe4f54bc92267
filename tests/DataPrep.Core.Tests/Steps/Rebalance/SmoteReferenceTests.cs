using System.Globalization;
using System.Text;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Rebalance;

/// <summary>
/// SMOTE and SMOTE-NC output, value for value, against a reference written by the implementation
/// as of commit 63d72db (Fixtures/smote-reference.txt), so that a change to how the fit stores
/// its rows (the memory bound) can be shown to leave the output of a seed unchanged. Values are
/// compared as text (doubles round-trip, "R"), not as Parquet bytes, so that writer changes do not
/// count. Set DATAPREP_UPDATE_SMOTE_REFERENCE=1 to rewrite the file, only when a change of output is meant.
/// </summary>
public sealed class SmoteReferenceTests
{
    private static readonly string Reference = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Steps", "Rebalance", "Fixtures", "smote-reference.txt");

    [Fact]
    public async Task SmoteAndSmoteNc_OutputEqualsTheReferenceWrittenBeforeTheMemoryBound()
    {
        var text = new StringBuilder();
        foreach (var (name, step, seed) in new[]
        {
            ("smote", "- rebalance: { label: label, method: smote, k: 5, features: [x1, x2, x3], synthetic_column: made }", 21),
            ("smote_nc", "- rebalance: { label: label, method: smote_nc, k: 3, features: [x1, x2], categorical: [cat], counts: { c: 150, b: 170 }, synthetic_column: made }", 22),
            ("smote_all", "- rebalance: { label: label, method: smote, k: 4, features: [x1, x3], classes: all, synthetic_column: made }", 23),
        })
        {
            using var dir = new TempDirectory();
            var output = await TableRun.RunAsync(dir, step, ClassData.Schema, () => ClassData.Batches(400, 41, seed), parallelism: 2, batchSize: 41);
            text.Append("# ").Append(name).Append('\n');
            foreach (var row in output.Rows)
                text.Append(string.Join('\t', row.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}"))).Append('\n');
        }

        if (Environment.GetEnvironmentVariable("DATAPREP_UPDATE_SMOTE_REFERENCE") == "1")
            await File.WriteAllTextAsync(Reference, text.ToString());
        var expected = await File.ReadAllTextAsync(Reference);
        text.ToString().Should().Be(expected);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
