namespace DataPrep.IO;

/// <summary>What the plan needs from a file.</summary>
/// <param name="Columns">Columns to read, or null for all of them (projection).</param>
/// <param name="BatchSize">Maximum rows per batch.</param>
/// <param name="Parallelism">How many row groups (or chunks) may be decoded at once.</param>
public sealed record ReadRequest(IReadOnlySet<string>? Columns, int BatchSize, int Parallelism);
