using DataPrep.Definition;

namespace DataPrep.Steps.Filter;

/// <summary>
/// Keeps the rows for which an expression is true; the others are dropped with reason
/// <c>filter</c>. Expressions: comparisons (<c>= != &lt; &lt;= &gt; &gt;=</c>), <c>and</c>, <c>or</c>,
/// <c>not</c>, parentheses, <c>is null</c>, <c>is not null</c>, <c>in (...)</c>; columns by name or in
/// backticks (<c>`Body Mass (g)` &gt; 3000</c>); strings in single quotes. A comparison with null is
/// unknown, and unknown rows are dropped, as in SQL.
/// </summary>
public sealed class FilterOptions : IValidatableOptions
{
    /// <summary>The condition rows must meet to stay, e.g. <c>species = 'Adelie' and `Body Mass (g)` &gt;= 3000</c>.</summary>
    public string Where { get; set; } = "";

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Where)) { context.Error("where", DiagnosticCodes.MissingRequired, "an expression is required"); return; }
        try { ExpressionParser.Parse(Where); }
        catch (FormatException e) { context.Error("where", DiagnosticCodes.BadExpression, e.Message); }
    }
}
