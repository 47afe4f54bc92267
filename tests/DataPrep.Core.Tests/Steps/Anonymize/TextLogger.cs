using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>
/// Keeps everything a logger is given, as a sink that prints it all would: the formatted message,
/// each structured value and the whole exception (<see cref="Exception.ToString"/>, inner ones included).
/// </summary>
internal sealed class TextLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Text => string.Join("\n", _lines);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        _lines.Enqueue($"scope: {state}");
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} [{values}] {exception}");
    }

    /// <summary>The canaries (and numbers, in their usual text forms) that occur in <paramref name="text"/>.</summary>
    public static IEnumerable<string> Find(string text, IEnumerable<string> canaries, IEnumerable<double> numbers) =>
        canaries.Where(c => text.Contains(c, StringComparison.Ordinal))
            .Concat(numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)).Where(n => n.Length >= 6 && text.Contains(n, StringComparison.Ordinal)));
}
