using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DataPrep.Commit;
using DataPrep.Fitting;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Tests.Commit;

public sealed class CommitJsonTests
{
    // The options the commit files were written with before their metadata was generated at build time.
    private static readonly JsonSerializerOptions Reflection = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public void Manifest_EveryField_SameJsonAsReflectionAndReadBack()
    {
        var at = new DateTimeOffset(2026, 11, 24, 6, 30, 0, TimeSpan.Zero);
        var manifest = new Manifest
        {
            Version = 3,
            RunId = "20261124T063000000Z-abc",
            Pipeline = "nightly \"quoted\" ünïcode",
            CreatedUtc = at,
            DefinitionSha256 = "d3f",
            Seed = 42,
            DataPrepVersion = "1.2.3",
            PreviousVersion = 2,
            StartedUtc = at.AddSeconds(-9),
            ScheduledFor = null,
            Refresh = new RefreshRecord("incremental", "new inputs", 1, 0, 0, 4),
            FitSha256 = null,
            Watermark = at.AddDays(-1),
            Inputs = [new InputFile("/data/a.parquet", 10, at, "aa") { ReadInVersion = 3 }, new InputFile("/data/b.csv", 0, at, "")],
            Schema = [new ColumnInfo("id", "int64", false), new ColumnInfo("name", "string", true)],
            Files = [new OutputFile("v000003/data/part-00000.parquet", "data", 7, 1234, "ff") { Input = "/data/a.parquet" }],
            Ledger = new LedgerRecord(10, 1, 2, 0, 7,
            [
                new StepLedger("dedupe", "dedupe", 9, 7, 0, 2, 100, 0.25, 0, new Dictionary<string, long> { ["clusters"] = 2 }),
                new StepLedger("anon", "anonymize", 7, 7, 0, 0, 90, 0.5, KAnonymity: new KAnonymitySummary
                {
                    Id = "anon", QuasiIdentifiers = ["zip", "age"], K = 5, Suppress = "rows", Rows = 7, Classes = 2, SmallestClass = 3,
                    RowsBelowK = 3, RowsSuppressed = 3, MaximumRisk = 1.0 / 3, AverageRisk = 0.25, ReleasedClasses = 1,
                    ReleasedSmallestClass = 4, ReleasedMaximumRisk = 0.25, ReleasedAverageRisk = 0.25, ClassTableBytes = 64,
                }),
            ]),
        };

        var json = JsonSerializer.Serialize(manifest, Manifest.Json);

        json.Should().Be(JsonSerializer.Serialize(manifest, Reflection));
        JsonSerializer.Serialize(JsonSerializer.Deserialize<Manifest>(json, Manifest.Json), Manifest.Json).Should().Be(json);
    }

    [Fact]
    public void LeaseAndFailedRun_SameJsonAsReflection()
    {
        var at = new DateTimeOffset(2026, 11, 24, 6, 30, 0, TimeSpan.FromHours(1));
        var lease = new LeaseRecord("host:1", "token", 17, "host", null, at, at.AddMinutes(2));
        var failed = new FailedRun("run-1", at, at.AddSeconds(3), at, "failed", "input 'a' is missing");

        JsonSerializer.Serialize(lease, Manifest.Json).Should().Be(JsonSerializer.Serialize(lease, Reflection));
        JsonSerializer.Serialize(failed, Manifest.Json).Should().Be(JsonSerializer.Serialize(failed, Reflection));
        JsonSerializer.Deserialize<LeaseRecord>(JsonSerializer.Serialize(lease, Manifest.Json), Manifest.Json).Should().Be(lease);
    }

    [Fact]
    public void FitArtifact_SameJsonAsReflectionAndReadBack()
    {
        var fit = System.Text.Json.Nodes.JsonNode.Parse("""{"columns":{"f1":{"mean":0.5,"fill":null},"cat":{"mode":"ä"}},"bins":[1,2.5,-3e-300]}""")!;
        var artifact = new FitArtifact
        {
            Pipeline = "train",
            Source = [new ColumnInfo("f1", "float64", true), new ColumnInfo("cat", "string", true)],
            Steps = [new FittedStepRecord("impute", "impute", [new ColumnInfo("f1", "float64", true)], fit)],
        };

        var json = artifact.ToUtf8();

        json.Should().Equal(System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(artifact, Reflection).ReplaceLineEndings("\n") + "\n"));
        FitArtifact.Parse(json, "fit.json").ToUtf8().Should().Equal(json);
    }
}
