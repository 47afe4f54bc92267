using System.Globalization;
using System.Text.RegularExpressions;
using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>
/// Keeps the raw values of sensitive columns out of the exceptions a step throws, which reach the
/// console, the logs (with their inner exceptions) and the run history in the output root. When a
/// message of the exception or of its inner exceptions quotes a value of a sensitive column of the
/// batch the step was given, the exception is replaced by a <see cref="ScrubbedStepException"/>
/// with every such value replaced by <c>&lt;sensitive&gt;</c>; otherwise it is left alone.
/// </summary>
internal static class ExceptionScrubber
{
    /// <summary>Values shorter than this are replaced only as whole tokens, so that "M" does not eat every M of a message.</summary>
    private const int ShortValue = 4;

    public static Exception Scrub(Exception error, RecordBatch batch, IReadOnlySet<string>? sensitive)
    {
        if (sensitive is not { Count: > 0 } || error is OperationCanceledException or ScrubbedStepException) return error;
        var messages = Messages(error).ToList();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Values(batch, sensitive))
            if (messages.Any(m => m.Contains(text, StringComparison.Ordinal))) found.Add(text);
        if (found.Count == 0) return error;
        var ordered = found.OrderByDescending(v => v.Length).ToList();
        var replaced = messages.Select(m => Replace(m, ordered)).ToList();
        if (replaced.SequenceEqual(messages, StringComparer.Ordinal)) return error; // only short values inside longer words
        var scrubbed = string.Join(" <- ", replaced);
        return new ScrubbedStepException($"{error.GetType().Name}: {scrubbed}", error.GetType().FullName ?? error.GetType().Name, error.StackTrace);
    }

    /// <summary>
    /// For a failure with no batch at hand to check the message against: a fit over merged
    /// statistics, or a sink finishing a file that holds rows of earlier batches. When the failing
    /// code read any of <paramref name="read"/> that is sensitive, its messages could quote any value
    /// of those columns, so they are withheld whole; the type, the columns and the stack trace stay.
    /// </summary>
    public static Exception Withhold(Exception error, IEnumerable<string> read, IReadOnlySet<string>? sensitive, string what)
    {
        if (sensitive is not { Count: > 0 } || error is OperationCanceledException or ScrubbedStepException) return error;
        var columns = read.Where(sensitive.Contains).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (columns.Count == 0) return error;
        return new ScrubbedStepException(
            $"{error.GetType().Name} while {what}; its message is withheld because it read the sensitive column(s) {string.Join(", ", columns)} and could quote their values",
            error.GetType().FullName ?? error.GetType().Name, error.StackTrace);
    }

    private static string Replace(string message, List<string> values)
    {
        foreach (var value in values)
        {
            message = value.Length >= ShortValue
                ? message.Replace(value, SensitiveScrubber.Marker, StringComparison.Ordinal)
                : Regex.Replace(message, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(value)}(?![\p{{L}}\p{{N}}])", SensitiveScrubber.Marker, RegexOptions.CultureInvariant);
        }
        return message;
    }

    private static IEnumerable<string> Messages(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            if (e is AggregateException a)
                foreach (var inner in a.InnerExceptions.Skip(1)) foreach (var m in Messages(inner)) yield return m;
        }
    }

    /// <summary>Each distinct value of the batch's sensitive columns, as the texts a message could quote it by.</summary>
    private static HashSet<string> Values(RecordBatch batch, IReadOnlySet<string> sensitive)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < batch.ColumnCount; c++)
        {
            if (!sensitive.Contains(batch.Schema.GetFieldByIndex(c).Name)) continue;
            var column = batch.Column(c);
            for (var row = 0; row < column.Length; row++)
            {
                if (ArrowValues.Get(column, row) is not { } value) continue;
                Add(texts, ArrowValues.Format(value));
                Add(texts, value.ToString());
                Add(texts, Convert.ToString(value, CultureInfo.InvariantCulture));
            }
        }
        return texts;
    }

    private static void Add(HashSet<string> texts, string? text)
    {
        if (!string.IsNullOrWhiteSpace(text)) texts.Add(text);
    }
}
