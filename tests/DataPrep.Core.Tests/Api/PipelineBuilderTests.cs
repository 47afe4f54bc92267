using DataPrep.Definition;
using DataPrep.IO;
using DataPrep.Steps.Dedupe;
using DataPrep.Steps.Filter;
using DataPrep.Steps.Validate;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Api;

public sealed class PipelineBuilderTests
{
    private const string Yaml = """
        version: 1
        name: people
        seed: 11
        source: { csv: { path: people.csv } }
        steps:
          - filter: { where: "age > 30" }
          - dedupe: { keys: [name, city] }
          - filter: { where: "score < 50" }
        sink: { parquet: { path: out, row_group_size: 5000 } }
        execution: { parallelism: 3, batch_size: 100 }
        """;

    [Fact]
    public async Task Build_SamePipelineAsYaml_ExplainsAndPlansIdentically()
    {
        using var dir = new TempDirectory();
        WritePeopleCsv(dir);
        File.WriteAllText(dir.Combine("people.yaml"), Yaml);

        var fromCode = Pipeline.Create("people")
            .Seed(11)
            .BaseDirectory(dir.Path)
            .FromCsv("people.csv")
            .Step(new FilterOptions { Where = "age > 30" })
            .Step(new DedupeOptions { Keys = ["name", "city"] })
            .Step(new FilterOptions { Where = "score < 50" })
            .To(new SinkOptions { Parquet = new ParquetSinkOptions { Path = "out", RowGroupSize = 5000 } })
            .Execution(e => { e.Parallelism = 3; e.BatchSize = 100; })
            .Build();
        var fromYaml = Pipeline.Load(dir.Combine("people.yaml"));

        // Identical but for where each step is written: the YAML file, or the YAML the builder generated.
        var codePlan = WithoutLocations(await fromCode.ExplainAsync());
        codePlan.Should().Be(WithoutLocations(await fromYaml.ExplainAsync()));
        codePlan.Should().Contain("filter_2");
        var a = await fromCode.CompileAsync();
        var b = await fromYaml.CompileAsync();
        a.Passes.Should().BeEquivalentTo(b.Passes, o => o.WithStrictOrdering());
        a.OutputSchema.FieldsList.Select(f => (f.Name, f.DataType.TypeId)).Should().Equal(b.OutputSchema.FieldsList.Select(f => (f.Name, f.DataType.TypeId)));
    }

    [Fact]
    public void Build_BadOptions_ReportsEveryProblemWithItsPath()
    {
        var build = () => Pipeline.Create("bad")
            .FromCsv("people.csv")
            .Step(new ValidateOptions { Rules = [new ValidationRule { Column = "age", Range = [10] }] })
            .Step(new FilterOptions { Where = "age >" })
            .To(new SinkOptions { Parquet = new ParquetSinkOptions { Path = "out", RowGroupSize = 0 } })
            .Build();

        var error = build.Should().Throw<DefinitionException>().Which;
        error.Diagnostics.Select(d => d.Path).Should().Contain(["steps[1].filter.where", "sink.parquet.row_group_size"]);
        error.Diagnostics.Should().HaveCountGreaterThanOrEqualTo(3);
        error.Diagnostics.Should().OnlyContain(d => d.Location.File == "<code:bad>");
    }

    [Fact]
    public void Step_OptionsTypeNoStepTakes_ThrowsNamingRegister()
    {
        var add = () => Pipeline.Create("x").Step(new SinkOptions());

        add.Should().Throw<ArgumentException>().WithMessage("*no registered step takes SinkOptions*StepRegistry.Register*");
    }

    [Fact]
    public void Build_NoSink_ThrowsSayingWhatIsMissing()
    {
        var build = () => Pipeline.Create("x").FromCsv("a.csv").Build();

        build.Should().Throw<InvalidOperationException>().WithMessage("*no sink*");
    }

    private static string WithoutLocations(string plan) =>
        System.Text.RegularExpressions.Regex.Replace(plan, @" at \S+\(\d+,\d+\)", " at <location>");

    internal static void WritePeopleCsv(TempDirectory dir, int rows = 400)
    {
        var lines = new List<string> { "id,name,age,score,city" };
        for (var i = 0; i < rows; i++)
        {
            var r = PeopleData.Row(i);
            lines.Add(FormattableString.Invariant($"{r.Id},{r.Name},{r.Age},{(r.Score is { } s && !double.IsNaN(s) ? s : null)},{r.City}"));
        }
        File.WriteAllLines(dir.Combine("people.csv"), lines);
    }
}
