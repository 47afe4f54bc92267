namespace DataPrep.Reports;

/// <summary>One step of the run.</summary>
public sealed class StepReport
{
    /// <summary>Step id.</summary>
    public required string Id { get; init; }

    /// <summary>Step name (validate, dedupe, ...); <c>source</c> for the reader.</summary>
    public required string Step { get; init; }

    /// <summary>Rows that entered the step.</summary>
    public long RowsIn { get; init; }

    /// <summary>Rows it passed on.</summary>
    public long RowsOut { get; init; }

    /// <summary>Rows it quarantined.</summary>
    public long Quarantined { get; init; }

    /// <summary>Rows it dropped on purpose.</summary>
    public long Dropped { get; init; }

    /// <summary>Seconds spent in the step (summed over threads).</summary>
    public double Seconds { get; init; }

    /// <summary>Rows quarantined or dropped, by reason code.</summary>
    public IReadOnlyList<ReasonCount> Reasons { get; init; } = [];

    /// <summary>Fitted statistics (means, vocabularies, bounds) as a fit artifact holds them; only for fitted steps with reusable fits, and never when the pipeline has sensitive columns.</summary>
    public System.Text.Json.Nodes.JsonNode? Fit { get; init; }

    /// <summary>What the step did to the data: class balance before and after, columns changed (nulls filled, distribution shift), outliers, duplicates. Absent with <c>profile: false</c> and for steps that changed nothing measurable.</summary>
    public StepEffects? Effects { get; init; }

    /// <summary>A few quarantined or dropped rows per reason, the first in source order (sensitive columns left out).</summary>
    public IReadOnlyList<RecordExample> Examples { get; init; } = [];
}

/// <summary>How many rows left a step for one reason.</summary>
public sealed record ReasonCount
{
    /// <summary>quarantined or dropped.</summary>
    public required string Fate { get; init; }

    /// <summary>Reason code, such as <c>validate.not_null</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Rows.</summary>
    public required long Count { get; init; }
}

/// <summary>A row that left a step.</summary>
public sealed record RecordExample
{
    /// <summary>Reason code.</summary>
    public required string Code { get; init; }

    /// <summary>Source file index and row, as <c>file:row</c>.</summary>
    public required string Row { get; init; }

    /// <summary>The step's message.</summary>
    public required string Message { get; init; }

    /// <summary>The row's values as JSON (quarantined rows only; sensitive columns removed).</summary>
    public string? Values { get; init; }
}
