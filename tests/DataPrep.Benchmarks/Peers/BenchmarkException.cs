namespace DataPrep.Benchmarks.Peers;

/// <summary>A run that cannot go on: a missing tool, a failed child, a wrong row count.</summary>
internal sealed class BenchmarkException(string message) : Exception(message);
