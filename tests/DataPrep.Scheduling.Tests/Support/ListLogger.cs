using DataPrep.Scheduling;
using Microsoft.Extensions.Logging;

namespace DataPrep.Tests.Support;

/// <summary>Keeps what the scheduler logs, so a test can wait for a step it announces.</summary>
internal sealed class ListLogger : ILogger<RefreshScheduler>
{
    private readonly List<string> _lines = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add(formatter(state, exception));
    }

    public bool Contains(string text)
    {
        lock (_lines) return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }
}
