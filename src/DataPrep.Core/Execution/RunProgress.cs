namespace DataPrep.Execution;

/// <summary>A snapshot for progress displays.</summary>
/// <param name="Pass">1-based pass number.</param>
/// <param name="PassCount">Passes in the plan.</param>
/// <param name="RowsRead">Rows read from the source in this pass.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Ledger">Live counters of the final pass.</param>
public sealed record RunProgress(int Pass, int PassCount, long RowsRead, TimeSpan Elapsed, RunLedger Ledger);
