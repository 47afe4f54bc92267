using DataPrep.Commit;

namespace DataPrep.Execution;

/// <summary>What a committed run produced: the manifest (files, checksums, schema), the ledger and the plan it ran.</summary>
public sealed record RunResult(Manifest Manifest, RunLedger Ledger, ExecutionPlan Plan);
