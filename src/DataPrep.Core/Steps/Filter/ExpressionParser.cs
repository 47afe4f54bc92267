using System.Globalization;

namespace DataPrep.Steps.Filter;

/// <summary>Recursive-descent parser for filter expressions. Errors name the character position.</summary>
internal sealed class ExpressionParser
{
    private readonly List<Token> _tokens;
    private int _position;

    private ExpressionParser(List<Token> tokens) => _tokens = tokens;

    public static Expression Parse(string text)
    {
        var parser = new ExpressionParser(Tokenizer.Tokenize(text));
        var expression = parser.ParseOr();
        if (parser.Peek.Kind != TokenKind.End) throw parser.Error($"unexpected '{parser.Peek.Text}'");
        return expression;
    }

    private Token Peek => _tokens[_position];

    private Token Next() => _tokens[_position++];

    private bool AcceptKeyword(string keyword)
    {
        if (Peek.Kind != TokenKind.Word || !Peek.Text.Equals(keyword, StringComparison.OrdinalIgnoreCase)) return false;
        _position++;
        return true;
    }

    private void Expect(TokenKind kind, string what)
    {
        if (Peek.Kind != kind) throw Error($"expected {what}");
        _position++;
    }

    private FormatException Error(string message) =>
        new($"{message} at position {Peek.Position + 1} of the expression");

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (AcceptKeyword("or")) left = new Logical("or", left, ParseAnd());
        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (AcceptKeyword("and")) left = new Logical("and", left, ParseNot());
        return left;
    }

    private Expression ParseNot() => AcceptKeyword("not") ? new Not(ParseNot()) : ParseComparison();

    private Expression ParseComparison()
    {
        var left = ParseOperand();
        if (Peek.Kind == TokenKind.Operator) return new Comparison(Normalize(Next().Text), left, ParseOperand());
        if (AcceptKeyword("is"))
        {
            var negated = AcceptKeyword("not");
            if (!AcceptKeyword("null")) throw Error("expected 'null' after 'is'");
            return new IsNull(left, negated);
        }
        var notIn = AcceptKeyword("not");
        if (AcceptKeyword("in")) return new InList(left, ParseList(), notIn);
        if (notIn) throw Error("expected 'in' after 'not'");
        return left;
    }

    private List<object?> ParseList()
    {
        Expect(TokenKind.Open, "'('");
        var values = new List<object?>();
        while (true)
        {
            if (ParseOperand() is not Literal literal) throw Error("only literal values may appear in a list");
            values.Add(literal.Value);
            if (Peek.Kind != TokenKind.Comma) break;
            _position++;
        }
        Expect(TokenKind.Close, "')'");
        return values;
    }

    private Expression ParseOperand()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Open:
                _position++;
                var inner = ParseOr();
                Expect(TokenKind.Close, "')'");
                return inner;
            case TokenKind.String:
                _position++;
                return new Literal(token.Text);
            case TokenKind.Number:
                _position++;
                if (!token.Text.Contains('.') && !token.Text.Contains('e') && !token.Text.Contains('E')
                    && long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                    return new Literal(integer);
                if (double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
                    return new Literal(real);
                throw Error($"'{token.Text}' is not a number");
            case TokenKind.QuotedName:
                _position++;
                return new ColumnRef(token.Text);
            case TokenKind.Word:
                _position++;
                return token.Text.ToLowerInvariant() switch
                {
                    "true" => new Literal(true),
                    "false" => new Literal(false),
                    "null" => new Literal(null),
                    "and" or "or" or "not" or "in" or "is" => throw Error($"unexpected keyword '{token.Text}'"),
                    _ => new ColumnRef(token.Text),
                };
            default:
                throw Error(token.Kind == TokenKind.End ? "the expression ends too early" : $"unexpected '{token.Text}'");
        }
    }

    private static string Normalize(string op) => op switch { "==" => "=", "<>" => "!=", _ => op };
}
