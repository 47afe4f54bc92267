using Apache.Arrow;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Steps.Validate;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public sealed class ValidateStepTests
{
    [Fact]
    public void Apply_EachRuleKind_RoutesExactlyTheFailingRows()
    {
        using var batch = PeopleData.Batch(0, 300);
        var (context, _) = Run(batch,
            new ValidationRule { Column = "age", NotNull = true },
            new ValidationRule { Column = "age", Range = [0, 120], OnFail = RuleAction.Drop },
            new ValidationRule { Column = "name", Regex = "^person [0-9]+$" },
            new ValidationRule { Column = "city", Allowed = ["Oslo", "Lima", "Pune", "Kobe"] });

        for (var i = 0; i < 300; i++)
        {
            var r = PeopleData.Row(i);
            var fails = r.Age is null || r.Age > 120 || r.City == "Nice";
            context.IsRemoved(i).Should().Be(fails, $"row {i}");
        }
        var codes = context.Dispositions();
        codes.Should().Contain(d => d.Code == "validate.range" && d.Fate == RowFate.Dropped);
        codes.Where(d => d.Code == "validate.not_null").Select(d => d.Row).Should().Equal(Enumerable.Range(0, 300).Where(i => PeopleData.Row(i).Age is null));
    }

    [Fact]
    public void Apply_RepairRange_ClipsAndRepairValueReplaces()
    {
        using var batch = PeopleData.Batch(0, 100);
        var (context, output) = Run(batch,
            new ValidationRule { Column = "age", Range = [0, 100], OnFail = RuleAction.Repair },
            new ValidationRule { Column = "city", Allowed = ["Oslo"], OnFail = RuleAction.Repair, RepairValue = "elsewhere" },
            new ValidationRule { Column = "name", NotNull = true, OnFail = RuleAction.Repair, RepairValue = "anonymous" });

        context.Dispositions().Should().BeEmpty();
        for (var i = 0; i < 100; i++)
        {
            var r = PeopleData.Row(i);
            ArrowValues.Get(output.Column("age"), i).Should().Be(r.Age is null ? null : Math.Min(r.Age.Value, 100));
            ArrowValues.Get(output.Column("city"), i).Should().Be(r.City == "Oslo" ? "Oslo" : "elsewhere");
            ArrowValues.Get(output.Column("name"), i).Should().Be(r.Name ?? "anonymous");
        }
    }

    [Fact]
    public void Apply_Unique_IsSequentialAndNamesTheFirstRow()
    {
        var step = new ValidateStep(new ValidateOptions { Rules = [new ValidationRule { Columns = ["name", "city"], Unique = true }] }, "v");
        step.Bind(PeopleData.Schema, new BindContext());
        step.Kind.Should().Be(StepKind.Sequential);

        using var batch = PeopleData.Batch(0, 14);
        var context = TestContexts.For(batch);
        step.Apply(batch, step.Prepare(batch), context);

        context.Dispositions().Select(d => (d.Row, d.Message)).Should().Equal(
            (6, "duplicate of row 0:3 on name, city"), (13, "duplicate of row 0:10 on name, city"));
    }

    [Fact]
    public void Apply_UniqueAfterARuleThatRemovesTheFirstRow_KeepsTheLaterValidRow()
    {
        // Rows 3 and 6 share name and city; row 3 has no age, so it is quarantined and must not claim the key.
        var step = new ValidateStep(new ValidateOptions { Rules =
        [
            new ValidationRule { Columns = ["name", "city"], Unique = true },
            new ValidationRule { Column = "age", NotNull = true },
        ] }, "v");
        step.Bind(PeopleData.Schema, new BindContext());
        using var batch = PeopleData.Batch(0, 7);
        var ages = new long?[] { 1, 2, 3, null, 5, 6, 7 };
        using var withNull = new RecordBatch(batch.Schema,
            [batch.Column(0), batch.Column(1), ArrowBuild.FromValues(Apache.Arrow.Types.Int64Type.Default, ages.Cast<object?>().ToArray()), batch.Column(3), batch.Column(4)], 7);
        var context = TestContexts.For(withNull);

        step.Apply(withNull, step.Prepare(withNull), context);

        context.Dispositions().Select(d => (d.Row, d.Code)).Should().Equal((3, "validate.not_null"));
    }

    [Theory]
    [InlineData("{ column: age }", "set exactly one")]
    [InlineData("{ column: age, not_null: true, unique: true }", "set exactly one")]
    [InlineData("{ column: age, range: [5, 1] }", "min <= max")]
    [InlineData("{ column: name, regex: '([a-z' }", "not a valid regular expression")]
    [InlineData("{ column: name, not_null: true, on_fail: repair }", "needs a repair_value")]
    [InlineData("{ columns: [name, city], unique: true, on_fail: repair }", "cannot repair")]
    public void Options_BadRule_ReportsDP0104(string rule, string message)
    {
        var result = OptionsYaml.Bind<ValidateOptions>($"rules: [ {rule} ]");
        result.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.BadValue && d.Message.Contains(message));
    }

    [Fact]
    public void Bind_RangeOnText_ReportsDP0202()
    {
        var context = new BindContext();
        new ValidateStep(new ValidateOptions { Rules = [new ValidationRule { Column = "city", Range = [0, 1] }] }, "v").Bind(PeopleData.Schema, context);
        context.Errors.Should().ContainSingle(e => e.Code == DiagnosticCodes.ColumnType && e.Member == "rules[0].range");
    }

    private static (BatchContext Context, RecordBatch Output) Run(RecordBatch batch, params ValidationRule[] rules)
    {
        var step = new ValidateStep(new ValidateOptions { Rules = [.. rules] }, "v");
        var bind = new BindContext();
        step.Bind(batch.Schema, bind);
        bind.Errors.Should().BeEmpty();
        var context = TestContexts.For(batch);
        return (context, step.Process(batch, context));
    }
}
