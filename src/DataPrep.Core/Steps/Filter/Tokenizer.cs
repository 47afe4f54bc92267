namespace DataPrep.Steps.Filter;

internal enum TokenKind { Word, QuotedName, String, Number, Operator, Open, Close, Comma, End }

internal readonly record struct Token(TokenKind Kind, string Text, int Position);

/// <summary>Splits a filter expression into tokens.</summary>
internal static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            if (c is '(' or ')' or ',')
            {
                tokens.Add(new(c == '(' ? TokenKind.Open : c == ')' ? TokenKind.Close : TokenKind.Comma, c.ToString(), i++));
            }
            else if (c is '\'' or '`' or '"')
            {
                tokens.Add(new(c == '\'' ? TokenKind.String : TokenKind.QuotedName, ReadQuoted(text, ref i, c), start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E'))) i++;
                tokens.Add(new(TokenKind.Number, text[start..i], start));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new(TokenKind.Word, text[start..i], start));
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>'))) i++;
                var op = text[start..i];
                if (op == "!") throw new FormatException($"unexpected '!' at position {start + 1} of the expression");
                tokens.Add(new(TokenKind.Operator, op, start));
            }
            else
            {
                throw new FormatException($"unexpected '{c}' at position {i + 1} of the expression");
            }
        }
        tokens.Add(new(TokenKind.End, "", text.Length));
        return tokens;
    }

    // A quote inside is written twice ('O''Brien').
    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        var builder = new System.Text.StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw new FormatException($"unterminated {quote} quote starting at position {start + 1} of the expression");
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote) { builder.Append(quote); i += 2; continue; }
                i++;
                return builder.ToString();
            }
            builder.Append(text[i++]);
        }
    }
}
