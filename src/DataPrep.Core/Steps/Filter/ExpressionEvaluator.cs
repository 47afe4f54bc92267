using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Filter;

/// <summary>Evaluates a bound expression on one row with SQL three-valued logic (null = unknown).</summary>
internal static class ExpressionEvaluator
{
    public static bool? Evaluate(Expression expression, RecordBatch batch, int row) => expression switch
    {
        Logical { Operator: "and" } l => And(Evaluate(l.Left, batch, row), l.Right, batch, row),
        Logical l => Or(Evaluate(l.Left, batch, row), l.Right, batch, row),
        Not n => !Evaluate(n.Operand, batch, row),
        IsNull n => Value(n.Operand, batch, row) is null != n.Negated,
        InList list => In(Value(list.Operand, batch, row), list),
        Comparison c => Compare(c.Operator, Value(c.Left, batch, row), Value(c.Right, batch, row)),
        _ => Value(expression, batch, row) as bool?,
    };

    private static bool? And(bool? left, Expression right, RecordBatch batch, int row)
    {
        if (left == false) return false;
        var r = Evaluate(right, batch, row);
        return r == false ? false : left is null || r is null ? null : true;
    }

    private static bool? Or(bool? left, Expression right, RecordBatch batch, int row)
    {
        if (left == true) return true;
        var r = Evaluate(right, batch, row);
        return r == true ? true : left is null || r is null ? null : false;
    }

    private static bool? In(object? value, InList list)
    {
        if (value is null) return null;
        var found = list.Values.Any(v => v is not null && CompareValues(value, v) == 0);
        return found != list.Negated;
    }

    private static object? Value(Expression expression, RecordBatch batch, int row) => expression switch
    {
        ColumnRef c => ArrowValues.Get(batch.Column(c.Index), row),
        Literal l => l.Value,
        _ => Evaluate(expression, batch, row),
    };

    private static bool? Compare(string op, object? left, object? right)
    {
        if (left is null || right is null) return null;
        // IEEE semantics: NaN is unequal to everything and neither smaller nor larger.
        if (left is double.NaN || right is double.NaN) return op == "!=";
        var c = CompareValues(left, right);
        return op switch
        {
            "=" => c == 0,
            "!=" => c != 0,
            "<" => c < 0,
            "<=" => c <= 0,
            ">" => c > 0,
            _ => c >= 0,
        };
    }

    private static int CompareValues(object left, object right) => (left, right) switch
    {
        (long a, long b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (DateOnly a, DateTimeOffset b) => new DateTimeOffset(a.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).CompareTo(b),
        (decimal a, _) when right is long or decimal => a.CompareTo(Convert.ToDecimal(right, System.Globalization.CultureInfo.InvariantCulture)),
        _ when IsNumber(left) && IsNumber(right) => ToDouble(left).CompareTo(ToDouble(right)),
        _ => string.CompareOrdinal(ArrowValues.Format(left), ArrowValues.Format(right)),
    };

    private static bool IsNumber(object v) => v is long or ulong or double or decimal;

    private static double ToDouble(object v) => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
}
