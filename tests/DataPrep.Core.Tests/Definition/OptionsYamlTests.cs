using DataPrep.Definition;
using DataPrep.IO;

namespace DataPrep.Tests.Definition;

public class OptionsYamlTests
{
    private static readonly string[] Awkward =
        ["", " lead", "true", "False", "1", "-2.5", "1e3", "null", "~", "yes", "off", "- x", "a: b", "x #y", "#c", "*a", "&a",
         "!t", "%p", "@q", "`r", "'s'", "\"d\"", "{m}", "[l]", "line\nbreak", "tab\tx", "back\\slash", "é ünïcode", ".inf", "0x1F", "2024-01-01", "a:"];

    [Fact]
    public void Serialize_StepOptions_RoundTripsToEqualValueAndText()
    {
        var sample = new SampleOptions
        {
            Fraction = 0.1, Seed = -7, Weight = 0.3f, Label = "true",
            PerGroup = new() { ["null"] = 1, ["a b"] = 2, [""] = 3 },
        };
        RoundTrip(sample);
        RoundTrip(new SampleOptions());
        RoundTrip(new ValidateOptions
        {
            Rules = [new ValidateRule { Column = "age", Range = [0, 120.5], NotNull = true }, new ValidateRule { Column = "1" }],
            OnFail = FailAction.DropRow,
        });
        RoundTrip(new SelectOptions { Columns = [.. Awkward], Rename = Awkward.Where(a => a.Length > 0).ToDictionary(a => a, a => a) });
    }

    [Fact]
    public void Serialize_Enums_UseSnakeCase()
    {
        var yaml = OptionsYaml.Serialize(new ParquetSinkOptions { Path = "o", Compression = ParquetCompression.Lz4Raw });

        yaml.Should().Be("path: o\ncompression: lz4_raw\nrow_group_size: 1048576\n");
    }

    [Fact]
    public void Serialize_EmptyCollectionsAndObjects_UseFlowForms()
    {
        OptionsYaml.Serialize(new SelectOptions()).Should().Be("columns: []\nrename: {}\n");
    }

    [Fact]
    public void Serialize_Pipeline_LoadsBackEqual()
    {
        var registry = TestSteps.Registry();
        var definition = PipelineLoader.Parse("""
            name: "yes"
            seed: 9
            source: { csv: { path: "data/*.csv", null_values: ["", NA], types: { age: int64 } } }
            steps:
              - validate: { rules: [{ column: age, range: [0, 120] }], on_fail: quarantine }
              - dedupe: { keys: [email] }
                id: dd
              - dedupe:
            sink: { parquet: { path: out/, compression: zstd } }
            """, "p.yaml", registry).GetOrThrow();

        var text = PipelineYaml.Serialize(definition, registry);
        var again = PipelineLoader.Parse(text, "again.yaml", registry);

        again.Diagnostics.Should().BeEmpty(text);
        PipelineYaml.Serialize(again.Definition!, registry).Should().Be(text);
        again.Definition.Should().BeEquivalentTo(definition, o => o.Excluding(d => d.Map).RespectingRuntimeTypes());
        text.Should().Contain("steps:\n  - validate:\n      rules:\n        - column: age\n");
        text.Should().Contain("  - dedupe:\n      keys:\n        - email\n      keep: first\n    id: dd\n");
        text.Should().Contain("name: \"yes\"\n");
    }

    [Fact]
    public void Serialize_UnregisteredStep_Throws()
    {
        var definition = new PipelineDefinition { Steps = [new StepDefinition("nope", "nope", new DedupeOptions(), "steps[0]")] };

        FluentActions.Invoking(() => PipelineYaml.Serialize(definition, TestSteps.Registry())).Should().Throw<ArgumentException>();
    }

    private static void RoundTrip<T>(T value)
        where T : class, new()
    {
        var text = OptionsYaml.Serialize(value);
        var bound = OptionsYaml.Bind<T>(text);

        bound.Diagnostics.Should().BeEmpty(text);
        bound.Value.Should().BeEquivalentTo(value, text);
        OptionsYaml.Serialize(bound.Value!).Should().Be(text);
    }
}
