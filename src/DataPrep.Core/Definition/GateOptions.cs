namespace DataPrep.Definition;

/// <summary>
/// A threshold on a report metric. A failed <c>error</c> gate fails the run, which then commits
/// nothing; a failed <c>warn</c> gate is only reported.
/// </summary>
public sealed class GateOptions : IValidatableOptions
{
    /// <summary>
    /// The metric: a name (<c>duplicate_rate</c>, <c>quarantine_rate</c>, <c>drop_rate</c>, <c>row_count</c>,
    /// <c>drift.max_psi</c>, <c>drift.row_count_change</c>), <c>columns.NAME.FIELD</c> for a sink column
    /// (<c>columns.age.null_rate</c>, <c>columns.age.numeric.mean</c>), or any path into the JSON report
    /// (<c>source.columns.age.nulls</c>, <c>steps.validate.quarantined</c>); list items are picked by name or id.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required]
    public string Metric { get; set; } = "";

    /// <summary>Smallest allowed value.</summary>
    public double? Min { get; set; }

    /// <summary>Largest allowed value.</summary>
    public double? Max { get; set; }

    /// <summary>error fails the run and commits nothing; warn only reports.</summary>
    public GateSeverity Severity { get; set; } = GateSeverity.Error;

    public void Validate(OptionsValidationContext context)
    {
        if (Min is null && Max is null) context.Error("", DiagnosticCodes.GateWithoutBounds, "a gate needs 'min', 'max' or both");
        if (Min > Max) context.Error("min", DiagnosticCodes.GateWithoutBounds, $"min {Min} is above max {Max}");
    }
}

/// <summary>What a failed gate does.</summary>
public enum GateSeverity
{
    Error,
    Warn,
}
