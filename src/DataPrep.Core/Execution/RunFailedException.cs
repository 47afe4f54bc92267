namespace DataPrep.Execution;

/// <summary>The run finished but must not commit: too many bad rows, or the ledger does not balance. Nothing was published.</summary>
public sealed class RunFailedException(string message) : Exception(message);
