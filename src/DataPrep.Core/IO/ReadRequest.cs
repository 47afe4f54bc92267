using Apache.Arrow;

namespace DataPrep.IO;

/// <summary>What the plan needs from a file.</summary>
/// <param name="Columns">Columns to read, or null for all of them (projection).</param>
/// <param name="BatchSize">Maximum rows per batch.</param>
/// <param name="Parallelism">How many row groups (or chunks) may be decoded at once.</param>
public sealed record ReadRequest(IReadOnlySet<string>? Columns, int BatchSize, int Parallelism)
{
    /// <summary>
    /// The schema the run expects every file to have (that of its first file, projected). Typed
    /// formats throw <see cref="InvalidDataException"/> when a file differs; text formats parse
    /// into these types, so a value that does not fit is a bad record, not a different schema.
    /// </summary>
    public Schema? Expected { get; init; }

    /// <summary>
    /// Where a reader that can takes its batches' large buffers from, when the engine will give them
    /// back once a batch is done with (<see cref="Data.ArrayRecycler"/>); null: new arrays.
    /// </summary>
    internal Data.ArrayRecycler? Arrays { get; init; }
}
