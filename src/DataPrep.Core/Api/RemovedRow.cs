using DataPrep.Steps;

namespace DataPrep;

/// <summary>A row that left the stream during an in-memory run: quarantined (bad data) or dropped (on purpose), and why.</summary>
/// <param name="StepId">The step that removed it (<c>source</c> for a record the reader could not parse).</param>
/// <param name="Code">The reason code, e.g. <c>validate.not_null</c>.</param>
/// <param name="Input">The input it came from (a path, or <c>memory:NAME</c>).</param>
/// <param name="Row">0-based row in that input.</param>
/// <param name="Values">The row's values as they reached the step, as JSON; null for drops.</param>
public sealed record RemovedRow(string StepId, RowFate Fate, string Code, string Message, string Input, long Row, string? Values);
