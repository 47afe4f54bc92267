namespace DataPrep.Scheduling;

/// <summary>What happened to one schedule slot.</summary>
public sealed record SlotOutcome(DateTimeOffset Slot, SlotStatus Status, int Attempts, int? Version, string? Error);

/// <summary>The end of a slot, for logs, tests and an exit code.</summary>
public enum SlotStatus
{
    /// <summary>This scheduler ran the slot and committed a version.</summary>
    Committed,

    /// <summary>A version for this slot (or a later one) was already committed: nothing to do.</summary>
    AlreadyDone,

    /// <summary>Another writer holds the output root's lease; it runs the slot.</summary>
    LeaseHeld,

    /// <summary>Failed after its retries, or at once when retrying cannot help.</summary>
    Failed,
}
