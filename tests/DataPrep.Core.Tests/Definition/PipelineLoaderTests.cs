using DataPrep.Definition;
using DataPrep.IO;

namespace DataPrep.Tests.Definition;

public class PipelineLoaderTests
{
    private const string Quickstart = """
        # yaml-language-server: $schema=../schemas/pipeline.schema.json
        version: 1
        name: customers
        seed: 42
        source:
          csv:
            path: data/raw/customers.csv
            delimiter: ";"
            types: { age: int64, income: "decimal(10,2)" }
        steps:
          - validate: { rules: [{ column: age, range: [0, 120] }], on_fail: quarantine }
            id: check_age
          - dedupe: { keys: [email], keep: last }
          - dedupe:
          - select: {}
        sink: { parquet: { path: data/clean/customers/, compression: lz4_raw, row_group_size: 1000 } }
        execution: { batch_size: 1024 }
        """;

    [Fact]
    public void Parse_Quickstart_BindsEveryValue()
    {
        var result = PipelineLoader.Parse(Quickstart, "quickstart.yaml", TestSteps.Registry());

        result.Diagnostics.Should().BeEmpty();
        var d = result.GetOrThrow();
        d.Name.Should().Be("customers");
        d.Seed.Should().Be(42);
        d.Source.Csv!.Path.Should().Be("data/raw/customers.csv");
        d.Source.Csv.Delimiter.Should().Be(";");
        d.Source.Csv.Types.Should().Equal(new Dictionary<string, string> { ["age"] = "int64", ["income"] = "decimal(10,2)" });
        d.Source.Parquet.Should().BeNull();
        d.Sink.Parquet!.Compression.Should().Be(ParquetCompression.Lz4Raw);
        d.Sink.Parquet.RowGroupSize.Should().Be(1000);
        d.Execution.BatchSize.Should().Be(1024);
        d.Execution.Capacity.Should().Be(2, "unset options keep their defaults");
        d.Steps.Select(s => (s.Name, s.Id, s.Path)).Should().Equal(
            ("validate", "check_age", "steps[0]"), ("dedupe", "dedupe", "steps[1]"),
            ("dedupe", "dedupe_2", "steps[2]"), ("select", "select", "steps[3]"));
        var validate = (ValidateOptions)d.Steps[0].Options;
        validate.OnFail.Should().Be(FailAction.Quarantine);
        validate.Rules.Should().ContainSingle().Which.Range.Should().Equal(0, 120);
        ((DedupeOptions)d.Steps[1].Options).Keep.Should().Be(KeepWhich.Last);
        ((DedupeOptions)d.Steps[2].Options).Keys.Should().BeEmpty();
        d.Map.Find("steps[0].validate.rules[0].column").Should().Be(new SourceLocation("quickstart.yaml", 11, 35));
        d.Map.Find("source.csv.types.age").Should().Be(new SourceLocation("quickstart.yaml", 9, 19));
    }

    [Fact]
    public void Parse_ThreeMistakes_ReportsExactlyThoseInFileOrder()
    {
        const string yaml = """
            source:
              csv: { path: a.csv, infer_rows: 0 }
            steps:
              - dedup: { keys: [id] }
            sink:
              parquet: { path: out/, rowgroup_size: 10 }
            """;

        var result = PipelineLoader.Parse(yaml, "p.yaml", TestSteps.Registry());

        result.Success.Should().BeFalse();
        result.Definition.Should().BeNull();
        result.Diagnostics.Should().HaveCount(3, string.Join("\n", result.Diagnostics));
        result.Diagnostics[0].ShouldBe("DP0104", 2, 35, "source.csv.infer_rows");
        result.Diagnostics[1].ShouldBe("DP0105", 4, 5, "steps[0].dedup");
        result.Diagnostics[1].Message.Should().Contain("did you mean 'dedupe'?").And.Contain("known steps: dedupe, sample, select, validate");
        result.Diagnostics[2].ShouldBe("DP0101", 6, 26, "sink.parquet.rowgroup_size");
        result.Diagnostics[2].Message.Should().StartWith("unknown key 'rowgroup_size'; did you mean 'row_group_size'? (allowed: path, compression, row_group_size, partition_by)");
        result.Diagnostics[2].ToString().Should().Be(
            "p.yaml(6,26): error DP0101: sink.parquet.rowgroup_size: " + result.Diagnostics[2].Message);
        FluentActions.Invoking(() => result.GetOrThrow()).Should().Throw<DefinitionException>()
            .Which.Diagnostics.Should().HaveCount(3);
    }

    [Fact]
    public void Parse_Json_BindsWithPositions()
    {
        const string json = """
            {
              "$schema": "../schemas/pipeline.schema.json",
              "source": { "parquet": "in/*.parquet" },
              "steps": [ { "dedupe": { "keys": ["id"] }, "id": "d1" } ],
              "sink": { "csv": { "path": "out/", "delimiter": "||" } }
            }
            """;

        var ok = PipelineLoader.Parse(json.Replace("\"||\"", "\"|\""), "p.json", TestSteps.Registry());
        ok.Diagnostics.Should().BeEmpty();
        ok.Definition!.Source.Parquet!.Path.Should().Be("in/*.parquet");
        ok.Definition.Steps.Single().Id.Should().Be("d1");
        ok.Definition.Map.Find("steps[0].dedupe.keys[0]").Should().Be(new SourceLocation("p.json", 4, 37));

        var bad = PipelineLoader.Parse(json, "p.json", TestSteps.Registry());
        bad.Diagnostics.ShouldBeSingle("DP0104", 5, 51, "sink.csv.delimiter")
            .Message.Should().Be("must be exactly one character");
    }

    [Fact]
    public void Parse_QuotedNumberInJson_IsWrongType()
    {
        const string json = """{ "source": { "parquet": "a" }, "sink": { "arrow": { "path": "o", "batch_rows": "5" } } }""";

        var result = PipelineLoader.Parse(json, "p.json", TestSteps.Registry());

        result.Diagnostics.ShouldBeSingle("DP0102", 1, 81, "sink.arrow.batch_rows")
            .Message.Should().Be("expected an integer, got the string \"5\"");
    }

    [Fact]
    public void LoadFile_Missing_ReportsDP0003NamingIt()
    {
        var path = Path.Combine(Path.GetTempPath(), "dataprep-missing-" + Guid.NewGuid() + ".yaml");

        var result = PipelineLoader.LoadFile(path, TestSteps.Registry());

        result.Diagnostics.Should().ContainSingle().Which.Code.Should().Be("DP0003");
        result.Diagnostics[0].Message.Should().Contain(path);
    }

    [Fact]
    public void LoadFile_Existing_UsesPathInDiagnostics()
    {
        var path = Path.Combine(Path.GetTempPath(), "dataprep-" + Guid.NewGuid() + ".yaml");
        File.WriteAllText(path, "source: { parquet: a }\nsink: { parquet: b }\nversion: 2\n");
        try
        {
            var result = PipelineLoader.LoadFile(path, TestSteps.Registry());

            result.Diagnostics.ShouldBeSingle("DP0303", 3, 10, "version").Location.File.Should().Be(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_EmptyFile_ReportsMissingSourceAndSink()
    {
        var result = PipelineLoader.Parse("# nothing\n", "p.yaml", TestSteps.Registry());

        result.Diagnostics.Select(d => (d.Code, d.Path)).Should().Equal(("DP0103", "source"), ("DP0103", "sink"));
    }
}
