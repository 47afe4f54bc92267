using DataPrep.Commit;
using DataPrep.Data;

namespace DataPrep.Execution;

/// <summary>Assembles the manifest of a run about to be committed.</summary>
internal static class ManifestBuilder
{
    public static string DataPrepVersion => typeof(ManifestBuilder).Assembly.GetName().Version?.ToString() ?? "0";

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
        DataPrepVersion = DataPrepVersion,
        Inputs = inputs,
        Watermark = inputs.Count == 0 ? null : inputs.Max(i => i.ModifiedUtc),
        Schema = plan.OutputSchema.FieldsList.Select(f => new ColumnInfo(f.Name, ColumnTypes.Format(f.DataType), f.IsNullable)).ToList(),
        Files = files,
        Ledger = new LedgerRecord(ledger.SourceRows, ledger.SourceQuarantined, ledger.FilesRead, ledger.FilesUnreadable, ledger.RowsWritten,
            ledger.Steps.Select((s, i) => new StepLedger(s.StepId, plan.Steps[i].Definition.Name, s.RowsIn, s.RowsOut, s.Quarantined, s.Dropped, s.BytesOut,
                Math.Round(s.Elapsed.TotalSeconds, 3), s.Synthesized, s.Named.Count > 0 ? s.Named : null,
                Steps.Anonymize.KAnonymitySummary.Of(plan.Steps[i].Step))).ToList()),
    };

    /// <summary>
    /// The inputs and files of an incremental-layout version: the previous version's parts for
    /// inputs carried over, and this run's parts for the inputs it read.
    /// </summary>
    public static (IReadOnlyList<InputFile> Inputs, IReadOnlyList<OutputFile> Files) Carry(RefreshDecision refresh, Manifest? previous, int version,
        IReadOnlyList<OutputFile> written)
    {
        var read = refresh.ToRead.ToHashSet(StringComparer.Ordinal);
        var inputs = refresh.Current!.Select(i => read.Contains(i.Path) ? i with { ReadInVersion = version } : i).ToList();
        var carried = refresh.Full || previous is null
            ? []
            : previous.Files.Where(f => f.Input is not null && !read.Contains(f.Input) && !refresh.Replaced.Contains(f.Input));
        var files = carried.Concat(written).OrderBy(f => f.Role, StringComparer.Ordinal).ThenBy(f => f.Input, StringComparer.Ordinal).ToList();
        return (inputs, files);
    }
}
