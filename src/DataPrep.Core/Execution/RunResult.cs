using DataPrep.Commit;

namespace DataPrep.Execution;

/// <summary>What a committed run produced: the manifest (files, checksums, schema), the ledger, the plan it ran and its quality report (null when the pipeline asks for none).</summary>
public sealed record RunResult(Manifest Manifest, RunLedger Ledger, ExecutionPlan Plan, Reports.QualityReport? Report = null)
{
    /// <summary>The statistics of the steps with reusable fits (also committed as <c>fit.json</c>); null when there are none.</summary>
    public Fitting.FitArtifact? Fit { get; init; }
}
