using DataPrep.Commit;

namespace DataPrep.Execution;

/// <summary>What a committed run produced: the manifest (files, checksums, schema), the ledger and the plan it ran.</summary>
public sealed record RunResult(Manifest Manifest, RunLedger Ledger, ExecutionPlan Plan)
{
    /// <summary>The statistics of the steps with reusable fits (also committed as <c>fit.json</c>); null when there are none.</summary>
    public Fitting.FitArtifact? Fit { get; init; }
}
