namespace DataPrep.Data;

/// <summary>
/// A row that left the stream: quarantined (bad data) or dropped (on purpose), with the step,
/// the reason, its source identity and its values as they reached the step, as JSON.
/// </summary>
internal sealed record RowRecord(
    string StepId,
    Steps.RowFate Fate,
    string Code,
    string Message,
    RowId Row,
    long? Line,
    string? Values,
    RowId? Survivor);
