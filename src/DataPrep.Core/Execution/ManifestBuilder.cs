using DataPrep.Commit;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>Assembles the manifest of a run about to be committed.</summary>
internal static class ManifestBuilder
{
    public static Manifest Build(ExecutionPlan plan, int version, int? previous, string runId, DateTimeOffset now, string definitionSha256,
        IReadOnlyList<InputFile> inputs, IReadOnlyList<OutputFile> files, RunLedger ledger) => new()
    {
        Version = version,
        PreviousVersion = previous,
        RunId = runId,
        Pipeline = plan.Definition.Name,
        CreatedUtc = now,
        DefinitionSha256 = definitionSha256,
        Seed = plan.Definition.Seed,
        DataPrepVersion = typeof(ManifestBuilder).Assembly.GetName().Version?.ToString() ?? "0",
        Inputs = inputs,
        Schema = plan.OutputSchema.FieldsList.Select(f => new ColumnInfo(f.Name, ColumnTypes.Format(f.DataType), f.IsNullable)).ToList(),
        Files = files,
        Ledger = new LedgerRecord(ledger.SourceRows, ledger.SourceQuarantined, ledger.FilesRead, ledger.FilesUnreadable, ledger.RowsWritten,
            ledger.Steps.Select((s, i) => new StepLedger(s.StepId, plan.Steps[i].Definition.Name, s.RowsIn, s.RowsOut, s.Quarantined, s.Dropped, s.BytesOut,
                Math.Round(s.Elapsed.TotalSeconds, 3), s.Synthesized, s.Named.Count > 0 ? s.Named : null)).ToList()),
    };
}
