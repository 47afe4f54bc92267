using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;

namespace DataPrep.Steps.Filter;

/// <summary>
/// Checks an expression against a schema (columns exist, literals fit the column types they meet)
/// and rewrites date and timestamp literals into the values the column holds.
/// </summary>
internal static class ExpressionBinder
{
    public static Expression Bind(Expression expression, Schema schema, BindContext context)
    {
        switch (expression)
        {
            case ColumnRef c:
                context.RequireColumn(schema, c.Name, "where");
                return c with { Index = schema.GetFieldIndex(c.Name) };
            case Comparison cmp:
                var left = Bind(cmp.Left, schema, context);
                var right = Bind(cmp.Right, schema, context);
                if (left is ColumnRef lc && right is Literal rl) right = Coerce(lc, rl, schema, context);
                if (right is ColumnRef rc && left is Literal ll) left = Coerce(rc, ll, schema, context);
                return cmp with { Left = left, Right = right };
            case Logical l:
                return l with { Left = Bind(l.Left, schema, context), Right = Bind(l.Right, schema, context) };
            case Not n:
                return new Not(Bind(n.Operand, schema, context));
            case IsNull n:
                return n with { Operand = Bind(n.Operand, schema, context) };
            case InList list:
                var operand = Bind(list.Operand, schema, context);
                if (operand is ColumnRef col)
                    return list with { Operand = operand, Values = list.Values.Select(v => Coerce(col, new Literal(v), schema, context).Value).ToList() };
                return list with { Operand = operand };
            default:
                return expression;
        }
    }

    private static Literal Coerce(ColumnRef column, Literal literal, Schema schema, BindContext context)
    {
        var index = schema.GetFieldIndex(column.Name);
        if (index < 0 || literal.Value is null) return literal;
        var type = schema.GetFieldByIndex(index).DataType;
        var fits = literal.Value switch
        {
            string => type is StringType || type is Date32Type or Date64Type or TimestampType,
            long or double => ColumnTypes.IsNumeric(type),
            bool => type is BooleanType,
            _ => false,
        };
        if (fits && literal.Value is string s && type is Date32Type or Date64Type or TimestampType)
        {
            if (ValueConverter.TryConvert(s, type is TimestampType ? type : Date32Type.Default, out var converted, out _)) return new Literal(converted);
            fits = false;
        }
        if (!fits)
        {
            context.Error("where", DiagnosticCodes.ColumnType,
                $"column '{column.Name}' is {ColumnTypes.Format(type)} and cannot be compared with {ArrowValues.Format(literal.Value)}");
        }
        return literal;
    }

    /// <summary>
    /// The expression (and each operand of and / or / not) must be a condition: a comparison, a
    /// null test, a list test, or a boolean column or literal. Otherwise every row would be
    /// unknown and silently dropped.
    /// </summary>
    public static void RequireCondition(Expression expression, Schema schema, BindContext context)
    {
        switch (expression)
        {
            case Logical l:
                RequireCondition(l.Left, schema, context);
                RequireCondition(l.Right, schema, context);
                break;
            case Not n:
                RequireCondition(n.Operand, schema, context);
                break;
            case ColumnRef c when schema.GetFieldIndex(c.Name) is var i && i >= 0 && schema.GetFieldByIndex(i).DataType is not BooleanType:
                context.Error("where", DiagnosticCodes.ColumnType,
                    $"column '{c.Name}' is {ColumnTypes.Format(schema.GetFieldByIndex(i).DataType)}, not a condition; compare it with something");
                break;
            case Literal { Value: not bool }:
                context.Error("where", DiagnosticCodes.BadExpression, "a value on its own is not a condition; compare it with something");
                break;
        }
    }
}
