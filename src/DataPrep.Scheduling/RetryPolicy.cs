using DataPrep.Commit;
using DataPrep.Definition;
using DataPrep.Execution;

namespace DataPrep.Scheduling;

/// <summary>
/// Retries with exponential backoff for failures that retrying can fix: I/O errors (a share that
/// blinked, a disk that filled and was cleared), inputs not there yet or unreadable for a moment,
/// a lease lost to a stall. Never for an invalid definition, a gate or limit that failed on the
/// data, or a step that threw on a row: the same run would fail the same way.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Attempts in all, the first included; 1 means no retry.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before the second attempt; doubled before each next one.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(attempt - 1, 30))));

    /// <summary>Whether retrying could fix <paramref name="error"/>.</summary>
    public static bool IsRetryable(Exception error) => error switch
    {
        DefinitionException d => d.Diagnostics.Count > 0 && d.Diagnostics.All(x => x.Code is DiagnosticCodes.InputNotFound or DiagnosticCodes.InputUnreadable),
        LeaseLostException => true,
        RunFailedException => false,
        StepFailedException s => s.InnerException is IOException,
        IOException or TimeoutException => true,
        _ => false,
    };
}
