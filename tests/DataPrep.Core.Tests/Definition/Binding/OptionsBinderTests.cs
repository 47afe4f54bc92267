using DataPrep.Definition;

namespace DataPrep.Tests.Definition.Binding;

/// <summary>One test per binding rule: code, line, column and path.</summary>
public class OptionsBinderTests
{
    private const string Io = "source: { parquet: in }\nsink: { parquet: out }\n";

    private static IReadOnlyList<Diagnostic> Load(string yaml) =>
        PipelineLoader.Parse(yaml, "p.yaml", TestSteps.Registry()).Diagnostics;

    [Fact]
    public void UnknownRootKey_SuggestsClosest()
    {
        Load(Io + "sed: 4\n").ShouldBeSingle("DP0101", 3, 1, "sed")
            .Message.Should().StartWith("unknown key 'sed'; did you mean 'seed'? (allowed: version, name, seed, source, steps, sink, quarantine, refresh, execution");
    }

    [Theory]
    [InlineData("seed: { a: 1 }", 3, 7, "seed", "expected an integer, got a mapping")]
    [InlineData("seed: abc", 3, 7, "seed", "expected an integer, got 'abc'")]
    [InlineData("version: 1.5", 3, 10, "version", "expected an integer, got '1.5' (a whole number is needed)")]
    [InlineData("version: 99999999999", 3, 10, "version", "expected an integer, got '99999999999' (out of range for Int32)")]
    [InlineData("name: ~", 3, 7, "name", "expected a string, got null")]
    [InlineData("name: [a]", 3, 7, "name", "expected a string, got a list")]
    [InlineData("steps: dedupe", 3, 8, "steps", "expected a list of steps, got 'dedupe'")]
    [InlineData("execution: 5", 3, 12, "execution", "expected a mapping (execution_options), got '5'")]
    public void WrongType_ReportsDP0102(string line, int row, int column, string path, string message)
    {
        Load(Io + line).ShouldBeSingle("DP0102", row, column, path).Message.Should().Be(message);
    }

    [Fact]
    public void ScalarWhereListExpected_ReportsDP0102()
    {
        Load("source: { csv: { path: a, null_values: NA } }\nsink: { parquet: o }")
            .ShouldBeSingle("DP0102", 1, 40, "source.csv.null_values").Message.Should().Be("expected a list, got 'NA'");
    }

    [Fact]
    public void RequiredMissing_ReportsDP0103AtParentMapping()
    {
        Load("source: { parquet: in }\nsink:\n  parquet:\n    compression: gzip\n")
            .ShouldBeSingle("DP0103", 4, 5, "sink.parquet.path").Message.Should().Be("required key 'path' is missing");
    }

    [Fact]
    public void RequiredEmptyString_ReportsDP0103AtValue()
    {
        Load("source: { parquet: \"\" }\nsink: { parquet: o }").ShouldBeSingle("DP0103", 1, 20, "source.parquet.path");
    }

    [Fact]
    public void RangeViolated_ReportsDP0104()
    {
        Load(Io + "quarantine: { max_bad_fraction: 1.5 }").ShouldBeSingle("DP0104", 3, 33, "quarantine.max_bad_fraction")
            .Message.Should().Be("must be between 0 and 1; got 1.5");
    }

    [Fact]
    public void BadEnum_ListsAllowedNamesWithSuggestion()
    {
        Load("source: { parquet: in }\nsink: { parquet: { path: o, compression: gzipp } }")
            .ShouldBeSingle("DP0104", 2, 42, "sink.parquet.compression")
            .Message.Should().Be("unknown value 'gzipp'; did you mean 'gzip'? (allowed: none, snappy, gzip, zstd, lz4_raw, brotli)");
    }

    [Fact]
    public void OneOfNone_ReportsDP0108NamingAlternatives()
    {
        Load("source: {}\nsink: { parquet: o }").ShouldBeSingle("DP0108", 1, 9, "source")
            .Message.Should().Be("give exactly one of parquet, arrow, csv, memory, images; none was given");
    }

    [Fact]
    public void OneOfSeveral_ReportsDP0108()
    {
        Load("source:\n  csv: a.csv\n  parquet: b\nsink: { parquet: o }").ShouldBeSingle("DP0108", 2, 3, "source")
            .Message.Should().Be("give exactly one of parquet, arrow, csv, memory, images; found 'csv' and 'parquet'");
    }

    [Fact]
    public void ScalarForm_BindsToNamedPropertyAndRecordsIt()
    {
        var result = PipelineLoader.Parse("source: { csv: data/a.csv }\nsink: { arrow: out/ }", "p.yaml", TestSteps.Registry());

        var d = result.GetOrThrow();
        d.Source.Csv!.Path.Should().Be("data/a.csv");
        d.Source.Csv.Header.Should().BeTrue();
        d.Sink.Arrow!.Path.Should().Be("out/");
        d.Map.Find("source.csv.path").Should().Be(new SourceLocation("p.yaml", 1, 16));
    }

    [Fact]
    public void ValidateErrors_MapToTheMembersPosition()
    {
        Load("source:\n  csv:\n    path: a\n    types:\n      age: int65\nsink: { parquet: o }")
            .ShouldBeSingle("DP0104", 5, 12, "source.csv.types.age").Message.Should().StartWith("unknown type 'int65'");
    }

    [Fact]
    public void NestedStepOptions_UseStepPaths()
    {
        var diagnostics = Load(Io + "steps:\n  - dedupe:\n  - validate:\n      rules:\n        - { range: [1] }\n");

        diagnostics.Should().HaveCount(2);
        diagnostics[0].ShouldBe("DP0103", 7, 11, "steps[1].validate.rules[0].column");
        diagnostics[1].ShouldBe("DP0104", 7, 20, "steps[1].validate.rules[0].range");
    }

    [Theory]
    [InlineData("  - 5", 4, 5, "steps[0]")]
    [InlineData("  - { dedupe: {}, select: {} }", 4, 19, "steps[0]")]
    [InlineData("  - { id: x }", 4, 5, "steps[0]")]
    [InlineData("  - { dedupe: {}, id: \"a b\" }", 4, 23, "steps[0].id")]
    [InlineData("  - { dedupe: {}, id: \"\" }", 4, 23, "steps[0].id")]
    public void StepShape_ReportsDP0106(string item, int line, int column, string path)
    {
        Load(Io + "steps:\n" + item).ShouldBeSingle("DP0106", line, column, path);
    }

    [Fact]
    public void UnknownStep_SuggestsAndListsKnownSteps()
    {
        Load(Io + "steps:\n  - selct: { columns: [a] }").ShouldBeSingle("DP0105", 4, 5, "steps[0].selct")
            .Message.Should().Be("unknown step 'selct'; did you mean 'select'? (known steps: dedupe, sample, select, validate)");
    }

    [Fact]
    public void StepIds_DefaultToNameThenNumbered()
    {
        var d = PipelineLoader.Parse(Io + "steps:\n  - dedupe:\n  - select:\n  - dedupe: {}\n  - dedupe: { keys: [a] }\n    id: last\n  - dedupe:\n",
            "p.yaml", TestSteps.Registry()).GetOrThrow();

        d.Steps.Select(s => s.Id).Should().Equal("dedupe", "select", "dedupe_2", "last", "dedupe_4");
    }

    [Fact]
    public void DuplicateIds_ReportDP0109AtTheFileItemEvenAfterAFailedStep()
    {
        var diagnostics = Load(Io + "steps:\n  - bogus:\n  - dedupe: {}\n    id: x\n  - select: {}\n    id: x\n");

        diagnostics.Should().HaveCount(2);
        diagnostics[0].ShouldBe("DP0105", 4, 5, "steps[0].bogus");
        diagnostics[1].ShouldBe("DP0109", 8, 9, "steps[2].id");
    }

    [Fact]
    public void DefaultIdClashingWithExplicitId_ReportsDP0109AtTheItem()
    {
        Load(Io + "steps:\n  - dedupe: {}\n    id: dedupe_2\n  - dedupe: {}\n").ShouldBeSingle("DP0109", 6, 5, "steps[1].id");
    }

    [Fact]
    public void DuplicateKey_ReportsDP0107WithPath()
    {
        Load(Io + "execution:\n  batch_size: 5\n  batch_size: 6\n").ShouldBeSingle("DP0107", 5, 3, "execution.batch_size");
    }

    [Fact]
    public void Bind_AnyOptionsType_CollectsAllProblems()
    {
        var result = OptionsYaml.Bind<SampleOptions>("fraction: 2\nseed: x\nlabel: ~\n");

        result.Success.Should().BeFalse();
        result.Diagnostics.Select(d => (d.Code, d.Path)).Should().Equal(("DP0104", "fraction"), ("DP0102", "seed"));
        OptionsYaml.Bind<SampleOptions>("{\"fraction\": 0.25, \"seed\": 7}", "s.json").GetOrThrow()
            .Should().BeEquivalentTo(new SampleOptions { Fraction = 0.25, Seed = 7 });
    }
}
