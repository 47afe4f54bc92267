using System.ComponentModel.DataAnnotations;

namespace DataPrep.Definition;

/// <summary>Quarantine settings.</summary>
public sealed class QuarantineOptions
{
    /// <summary>Fail the run (and commit nothing) when more than this fraction of source rows is quarantined or of input files is unreadable.</summary>
    [Range(0.0, 1.0)]
    public double MaxBadFraction { get; set; } = 0.05;
}
