using Apache.Arrow;
using DataPrep.Steps;
using DataPrep.Steps.Filter;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps;

public sealed class FilterStepTests
{
    [Theory]
    [InlineData("age >= 30 and city = 'Oslo'")]
    [InlineData("not (score < 10) or name is null")]
    [InlineData("city in ('Oslo', 'Lima') and age is not null")]
    [InlineData("`city` <> 'Nice'")]
    public void Process_MatchesRowByRowReference(string where)
    {
        using var batch = PeopleData.Batch(0, 200);
        var kept = Run(where, batch);

        var expected = Enumerable.Range(0, 200).Where(i => Reference(where, PeopleData.Row(i))).ToList();
        kept.Should().Equal(expected);
    }

    [Theory]
    [InlineData("age >", "ends too early")]
    [InlineData("age > 3 and", "ends too early")]
    [InlineData("city = 'Oslo", "unterminated")]
    [InlineData("age ! 3", "position 5")]
    [InlineData("age in (1, city)", "only literal values")]
    [InlineData("age > 1e999", "is not a number")]
    public void Options_BadExpression_ReportsDP0110WithPosition(string where, string message)
    {
        var context = new DataPrep.Definition.OptionsValidationContext();
        new FilterOptions { Where = where }.Validate(context);
        context.Errors.Should().ContainSingle().Which.Should().Match<(string Member, string Code, string Message)>(e =>
            e.Code == "DP0110" && e.Member == "where" && e.Message.Contains(message));
    }

    [Fact]
    public void Bind_ComparingNumberWithText_ReportsDP0202()
    {
        var context = new BindContext();
        new FilterStep(new FilterOptions { Where = "age = 'old'" }, "f").Bind(PeopleData.Schema, context);
        context.Errors.Should().ContainSingle(e => e.Code == "DP0202");
    }

    [Theory]
    [InlineData("city", "DP0202")]
    [InlineData("age and city = 'Oslo'", "DP0202")]
    [InlineData("42", "DP0110")]
    public void Bind_NotACondition_IsAnErrorInsteadOfDroppingEveryRow(string where, string code)
    {
        var context = new BindContext();
        new FilterStep(new FilterOptions { Where = where }, "f").Bind(PeopleData.Schema, context);
        context.Errors.Should().Contain(e => e.Code == code && e.Message.Contains("condition"));
    }

    private static List<int> Run(string where, RecordBatch batch)
    {
        var step = new FilterStep(new FilterOptions { Where = where }, "f");
        step.Bind(batch.Schema, new BindContext());
        var context = TestContexts.For(batch);
        step.Process(batch, context);
        return Enumerable.Range(0, batch.Length).Where(i => !context.IsRemoved(i)).ToList();
    }

    // SQL semantics by hand: a comparison with null is unknown, and unknown rows are dropped.
    private static bool Reference(string where, (long Id, string? Name, long? Age, double? Score, string? City) r) => where switch
    {
        "age >= 30 and city = 'Oslo'" => r.Age >= 30 && r.City == "Oslo",
        "not (score < 10) or name is null" => (r.Score is { } s && !(s < 10)) || r.Name is null,
        "city in ('Oslo', 'Lima') and age is not null" => r.City is "Oslo" or "Lima" && r.Age is not null,
        _ => r.City != "Nice",
    };
}
