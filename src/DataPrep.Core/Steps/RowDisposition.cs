using DataPrep.Data;

namespace DataPrep.Steps;

/// <summary>Where a removed row went.</summary>
public enum RowFate
{
    Quarantined,
    Dropped,
}

/// <summary>A row a step removed, and why.</summary>
internal sealed record RowDisposition(int Row, RowFate Fate, string Code, string Message, RowId? Survivor);
