namespace DataPrep.Execution;

/// <summary>
/// A step's exception whose messages quoted values of sensitive columns: the same story with those
/// values replaced by <c>&lt;sensitive&gt;</c>. The original exception (and its inner exceptions) is
/// not kept, since logs print the whole chain; its type and stack trace are.
/// </summary>
public sealed class ScrubbedStepException(string message, string originalType, string? originalStackTrace) : Exception(message)
{
    /// <summary>Full name of the exception the step threw.</summary>
    public string OriginalType { get; } = originalType;

    /// <summary>Where the step threw it (method names and lines only).</summary>
    public string? OriginalStackTrace { get; } = originalStackTrace;

    public override string ToString() => $"{GetType().FullName}: {Message}{Environment.NewLine}{OriginalStackTrace}";
}
