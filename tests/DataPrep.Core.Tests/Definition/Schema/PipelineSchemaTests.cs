using System.Text.Json.Nodes;
using DataPrep.Definition;
using DataPrep.Steps;

namespace DataPrep.Tests.Definition.Schema;

public class PipelineSchemaTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataPrep.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("DataPrep.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Generate_DefaultRegistry_EqualsCheckedInSchema()
    {
        var path = Path.Combine(RepositoryRoot(), "schemas", "pipeline.schema.json");
        var generated = PipelineSchema.Generate(StepRegistry.CreateDefault());

        if (Environment.GetEnvironmentVariable("DATAPREP_UPDATE_SCHEMA") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, generated);
        }

        File.Exists(path).Should().BeTrue("run the tests with DATAPREP_UPDATE_SCHEMA=1 to write {0}", path);
        File.ReadAllText(path).Should().Be(generated,
            "schemas/pipeline.schema.json is generated from the option types; rerun with DATAPREP_UPDATE_SCHEMA=1 and commit it");
    }

    [Fact]
    public void Generate_EveryReachableOption_HasADescription()
    {
        PipelineSchema.FindUndocumented(StepRegistry.CreateDefault()).Should().BeEmpty(
            "every option needs a <summary> doc comment: it becomes the schema description");
        PipelineSchema.FindUndocumented(TestSteps.Registry()).Should().BeEmpty();
    }

    [Fact]
    public void Generate_IsDeterministicWithUnixNewlines()
    {
        var a = PipelineSchema.Generate(TestSteps.Registry());
        var b = PipelineSchema.Generate(TestSteps.Registry());

        a.Should().Be(b);
        a.Should().NotContain("\r").And.EndWith("}\n");
    }

    [Fact]
    public void Generate_FollowsBinderRules()
    {
        var schema = JsonNode.Parse(PipelineSchema.Generate(TestSteps.Registry()))!;
        var defs = schema["$defs"]!;

        schema["$schema"]!.GetValue<string>().Should().Be("https://json-schema.org/draft/2020-12/schema");
        schema["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("source", "sink");
        schema["properties"]!["seed"]!["description"]!.GetValue<string>().Should().StartWith("Seed of every random choice");

        var parquetSink = defs["ParquetSinkOptions"]!;
        parquetSink["description"]!.GetValue<string>().Should().Be("Parquet output.");
        var body = parquetSink["oneOf"]![1]!;
        body["properties"]!["row_group_size"]!["minimum"]!.GetValue<int>().Should().Be(1);
        body["properties"]!["compression"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("none", "snappy", "gzip", "zstd", "lz4_raw", "brotli");
        body["required"]!.AsArray().Single()!.GetValue<string>().Should().Be("path");
        parquetSink["oneOf"]![0]!["type"]!.GetValue<string>().Should().Be("string");

        defs["SourceOptions"]!["oneOf"]!.AsArray().Should().HaveCount(5);
        defs["SourceOptions"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("parquet", "arrow", "csv", "memory", "images");

        var steps = defs["step"]!["oneOf"]!.AsArray();
        steps.Select(s => s!["required"]![0]!.GetValue<string>()).Should().Equal("dedupe", "sample", "select", "validate");
        steps[0]!["properties"]!["dedupe"]!["anyOf"]![0]!["$ref"]!.GetValue<string>().Should().Be("#/$defs/DedupeOptions");
        defs["ValidateRule"]!["properties"]!["range"]!["type"]!.GetValue<string>().Should().Be("array");
        defs["SampleOptions"]!["properties"]!["seed"]!["type"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("integer", "null");
    }
}
