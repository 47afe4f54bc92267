namespace DataPrep.Steps.Filter;

/// <summary>A parsed filter expression.</summary>
internal abstract record Expression;

internal sealed record ColumnRef(string Name) : Expression
{
    /// <summary>Position in the bound schema, set by <see cref="ExpressionBinder"/> (name lookups per row are slow).</summary>
    public int Index { get; init; } = -1;
}

internal sealed record Literal(object? Value) : Expression;

internal sealed record Comparison(string Operator, Expression Left, Expression Right) : Expression;

internal sealed record Logical(string Operator, Expression Left, Expression Right) : Expression;

internal sealed record Not(Expression Operand) : Expression;

internal sealed record IsNull(Expression Operand, bool Negated) : Expression;

internal sealed record InList(Expression Operand, IReadOnlyList<object?> Values, bool Negated) : Expression;
