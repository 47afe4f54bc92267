using System.Threading.Tasks.Dataflow;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.Fitting;
using DataPrep.IO;
using DataPrep.Reports;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Runs a plan: the fit passes, then the final pass into a staging folder, then the checks
/// (ledger balanced, bad fraction under the limit) and the commit. Any failure abandons the
/// staging folder: nothing is published and the previous version stays as it was.
/// </summary>
internal sealed class PipelineRunner(ExecutionPlan plan, string definitionSha256, TimeProvider time)
{
    /// <summary>Lease, schedule slot and refresh settings of this run (nightly refresh, docs/NIGHTLY.md).</summary>
    public RunRequest Request { get; init; } = new();

    private IReadOnlyDictionary<string, long> _dataRows = new Dictionary<string, long>();

    public async Task<RunResult> RunAsync(IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var startedUtc = time.GetUtcNow();
        var root = OutputRoot.Open(plan.OutputRoot);
        // One writer at a time: a host that schedules runs takes the lease itself (to check its slot under it).
        using var ownLease = Request.Lease is null ? WriterLease.Acquire(root.Path, time, Request.Owner) : null;
        var lease = Request.Lease ?? ownLease!;
        // Under the lease no other run is writing: every staging folder left is a dead run's.
        root.RemoveStaleStaging(TimeSpan.Zero, DateTimeOffset.MaxValue);
        var previous = root.Latest();
        var refresh = await RefreshPlanner.DecideAsync(plan, previous, definitionSha256, Request.FitSha256, Request.FullRefresh, cancellationToken).ConfigureAwait(false);
        var run = refresh.Plan;
        var runId = $"{time.GetUtcNow():yyyyMMddTHHmmssfffZ}-{Guid.NewGuid():N}"[..32];
        var staging = root.BeginStaging(runId);
        using var stopInputs = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inputs = refresh.Parts ? Task.FromResult(refresh.Current!) : Task.Run(() => DescribeInputsAsync(stopInputs.Token), stopInputs.Token);
        try
        {
            var ledger = new RunLedger(run.Steps.Select(s => s.Id));
            var quality = RunReporter.Effective(plan.Definition) is { } reportOptions ? new RunReporter(run, reportOptions) : null;
            IReadOnlyDictionary<string, string> checksums = new Dictionary<string, string>();
            IReadOnlyList<OutputFile> parts = [];
            FitArtifact? fit = null;
            string? fitSha = null;
            using var spill = run.Passes.Count > 1 && plan.Definition.Execution.Spill ? new SourceSpill(Path.Combine(staging, SpillFile)) : null;
            foreach (var pass in run.Passes)
            {
                if (pass.IsFinal) (fit, fitSha) = await SaveFitAsync(staging, cancellationToken).ConfigureAwait(false);
                var passLedger = pass.IsFinal ? ledger : new RunLedger(run.Steps.Select(s => s.Id));
                // The report profiles the final pass only: the rows as read and as written, no second read.
                var executor = new PassExecutor(run, pass, passLedger, spill)
                {
                    SourceTap = pass.IsFinal && quality?.Options.Profile == true ? quality.ObserveSource : null,
                    StepTap = pass.IsFinal && quality?.Options is { Profile: true, StepEffects: true } ? quality.ObserveStep : null,
                    SinkTap = pass.IsFinal && quality is not null ? quality.ObserveSink : null,
                    SinkTapReadsRows = quality?.Options.Profile == true,
                    SinkCopiesRows = true, // the sink writers copy or encode a batch's rows before their call returns
                };
                using var reporter = Report(progress, pass, executor, ledger, started);
                if (pass.IsFinal && refresh.Parts) parts = await WritePartsAsync(run, executor, staging, ledger, cancellationToken).ConfigureAwait(false);
                else if (pass.IsFinal) checksums = await WriteAsync(executor, staging, ledger, cancellationToken).ConfigureAwait(false);
                else await FitPass.RunAsync(run, executor, pass, cancellationToken).ConfigureAwait(false);
            }
            spill?.Dispose(); // deletes the file before the version is described and published
            Check(ledger);
            if (fitSha is not null) checksums = new Dictionary<string, string>(checksums) { [FitFile] = fitSha };
            var described = await inputs.ConfigureAwait(false);
            (QualityReport Report, IReadOnlyDictionary<string, string> Files)? report = quality is null ? null : await ReportAsync(quality, root, staging, ledger, described, runId, started, cancellationToken).ConfigureAwait(false);
            if (report is not null) checksums = checksums.Concat(report.Value.Files).ToDictionary();
            // In the incremental layout the parts describe themselves; the fit and report files join them.
            var files = refresh.Parts ? Join(PartFiles(parts), DescribeOutputs(staging, ledger, checksums, _dataRows)) : DescribeOutputs(staging, ledger, checksums, _dataRows);
            lease.EnsureHeld();
            var manifest = root.Publish(staging, version =>
            {
                var (versionInputs, versionFiles) = refresh.Parts ? ManifestBuilder.Carry(refresh, previous, version, files(version)) : (described, files(version));
                return ManifestBuilder.Build(run, version, root.Latest()?.Version, runId, time.GetUtcNow(), definitionSha256, versionInputs, versionFiles, ledger) with
                {
                    StartedUtc = startedUtc,
                    ScheduledFor = Request.ScheduledFor,
                    Refresh = refresh.Record,
                    FitSha256 = Request.FitSha256,
                };
            });
            if (plan.Definition.Refresh.KeepVersions > 0)
            {
                try { Retention.Apply(root.Path, plan.Definition.Refresh.KeepVersions, null, time.GetUtcNow()); }
                catch (IOException) { } // tidying only: the version is committed
            }
            progress?.Report(new RunProgress(run.Passes.Count, run.Passes.Count, ledger.SourceRows, time.GetElapsedTime(started), ledger));
            if (report is not null && plan.ReportCopyDirectory is { } copyTo) CopyReport(manifest, copyTo);
            return new RunResult(manifest, ledger, run, report?.Report) { Fit = fit };
        }
        catch (Exception e)
        {
            await stopInputs.CancelAsync().ConfigureAwait(false);
            try { await inputs.ConfigureAwait(false); } catch (OperationCanceledException) { }
            root.Abandon(staging);
            RunHistory.TryRecordFailure(root.Path, new FailedRun(runId, startedUtc, time.GetUtcNow(), Request.ScheduledFor,
                e is OperationCanceledException ? "cancelled" : "failed", e.Message));
            throw;
        }
    }

    /// <summary>
    /// Builds the report, compares it with the newest committed version's, checks the gates and
    /// writes the report files into the staging folder. A failed error gate throws before anything
    /// is published.
    /// </summary>
    private async Task<(QualityReport Report, IReadOnlyDictionary<string, string> Files)> ReportAsync(RunReporter reporter, OutputRoot root,
        string staging, RunLedger ledger, IReadOnlyList<InputFile> inputs, string runId, long started, CancellationToken cancellationToken)
    {
        var report = reporter.Build(ledger, inputs, runId, definitionSha256, time.GetUtcNow(), time.GetElapsedTime(started));
        if (ReportWriter.ReadPrevious(root.Latest(), root.Path) is { } previous)
            report.Drift = DriftCalculator.Compare(report, previous.Report, previous.Version);
        report.Gates = GateEvaluator.Evaluate(plan.Definition.Gates, report);
        if (report.Gates.Any(g => !g.Passed && g.Severity == "error")) throw new GateFailedException(report);
        var files = await ReportWriter.WriteAsync(report, reporter.Options.Formats, staging, cancellationToken).ConfigureAwait(false);
        return (report, files);
    }

    /// <summary>Copies the committed report files to <c>report.path</c>. The version is already committed: a failure here is not the run's.</summary>
    private void CopyReport(Manifest manifest, string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            foreach (var f in manifest.Files.Where(f => f.Role == "report"))
                File.Copy(Path.Combine(plan.OutputRoot, f.Path), Path.Combine(directory, Path.GetFileName(f.Path)), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>The incremental layout's final pass: one part per input read (<see cref="PartsWriter"/>).</summary>
    private async Task<IReadOnlyList<OutputFile>> WritePartsAsync(ExecutionPlan run, PassExecutor executor, string staging, RunLedger ledger, CancellationToken cancellationToken)
    {
        await using var parts = new PartsWriter(run, staging, RecordFormat);
        await RunSinkAsync(executor, async (batch, token) =>
        {
            executor.CompactAtSink(batch);
            await Sink(() => parts.AddAsync(batch, token), batch.Data).ConfigureAwait(false);
            ledger.AddWritten(batch.Data.Length);
        }, cancellationToken).ConfigureAwait(false);
        await Sink(() => parts.FinishAsync(cancellationToken), null).ConfigureAwait(false);
        return parts.Written;
    }

    private static Func<int, IReadOnlyList<OutputFile>> Join(Func<int, IReadOnlyList<OutputFile>> first, Func<int, IReadOnlyList<OutputFile>> second) =>
        version => [.. first(version), .. second(version)];

    private static Func<int, IReadOnlyList<OutputFile>> PartFiles(IReadOnlyList<OutputFile> parts) =>
        version => parts.Select(f => f with { Path = $"{OutputRoot.VersionFolder(version)}/{f.Path}" }).ToList();

    /// <returns>The SHA-256 of each file written, by path relative to the staging folder, computed while writing.</returns>
    private async Task<IReadOnlyDictionary<string, string>> WriteAsync(PassExecutor executor, string staging, RunLedger ledger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(staging, "data"));
        var writer = new DataOutputs(staging, plan.Sink, plan.OutputSchema, plan.Definition.Sink.PartitionBy);
        var quarantine = Create(staging, "quarantine.parquet");
        var dropped = Create(staging, "dropped.parquet");
        var records = new RecordWriter(plan.Inputs, RecordFormat, quarantine, dropped, plan.Sensitive);
        IAsyncDisposable[] owned = [records, writer, dropped, quarantine];
        try
        {
            writer.Open();
            await RunSinkAsync(executor, async (batch, token) =>
            {
                // A batch holds a contiguous stretch of the source, and its records come step by
                // step; sorted by source row they come out in one order whatever the batch size.
                await records.AddAsync(batch.Records.OrderBy(r => r.Row.Source).ThenBy(r => r.Row.Row), token).ConfigureAwait(false);
                // Rows the last dedupe removed may still be in the batch: the writer takes the kept ones.
                var kept = PassExecutor.KeptAtSink(batch);
                var rows = kept?.Length ?? batch.Data.Length;
                if (rows > 0) await Sink(() => writer.WriteAsync(batch.Data, kept, token), batch.Data).ConfigureAwait(false);
                ledger.AddWritten(rows);
            }, cancellationToken).ConfigureAwait(false);
            await Sink(() => writer.FinishAsync(cancellationToken), null).ConfigureAwait(false);
            await records.FinishAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The staging folder is abandoned: close what is open, but never let a failure to close
            // (a writer flushing a half-written row group) hide the error that stopped the run.
            foreach (var item in owned)
            {
                try { await item.DisposeAsync().ConfigureAwait(false); }
                catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException or InvalidDataException) { }
            }
            throw;
        }
        var checksums = new Dictionary<string, string>(writer.Checksums)
        {
            ["quarantine.parquet"] = quarantine.Sha256,
            ["dropped.parquet"] = dropped.Sha256,
        };
        _dataRows = writer.Rows;
        foreach (var item in owned) await item.DisposeAsync().ConfigureAwait(false);
        return checksums;
    }

    /// <summary>
    /// A sink writer's call, its failure kept free of sensitive values like a step's: scrubbed of the
    /// batch's values while writing <paramref name="batch"/>, withheld whole when finishing (the file
    /// holds rows of every batch) if the output has sensitive columns. Failures of the file system
    /// (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>) quote paths and pass.
    /// </summary>
    private async Task Sink(Func<Task> write, Apache.Arrow.RecordBatch? batch)
    {
        try { await write().ConfigureAwait(false); }
        catch (Exception e) when (e is not (OperationCanceledException or IOException or UnauthorizedAccessException))
        {
            var scrubbed = batch is not null
                ? ExceptionScrubber.Scrub(e, batch, plan.Sensitive)
                : ExceptionScrubber.Withhold(e, plan.OutputSchema.FieldsList.Select(f => f.Name), plan.Sensitive, "finishing the sink's files");
            if (ReferenceEquals(scrubbed, e)) throw;
            throw scrubbed;
        }
    }

    private const string FitFile = "fit.json";

    /// <summary>The source spill (<see cref="SourceSpill"/>), in the staging folder so that a run that dies leaves it with the rest.</summary>
    private const string SpillFile = ".source-spill.arrows";

    /// <summary>
    /// Collects the reusable fits (all fit passes have run, or the fits were loaded) into the run's
    /// fit artifact and writes it into the staging folder, so that the version records the
    /// statistics its data was transformed with. None when no step has a reusable fit.
    /// </summary>
    private async Task<(FitArtifact?, string?)> SaveFitAsync(string staging, CancellationToken cancellationToken)
    {
        var fitted = plan.Steps.Where(s => s.HasReusableFit).ToList();
        if (fitted.Count == 0) return (null, null);
        var records = new List<FittedStepRecord>();
        foreach (var step in fitted)
        {
            try { records.Add(new FittedStepRecord(step.Id, step.Definition.Name, FitBinder.Describe(step.Input), ((IFittedStep)step.Step).SaveFit())); }
            catch (Exception e) when (e is not OperationCanceledException) { throw new StepFailedException(step.Id, step.Location, e); }
        }
        var artifact = new FitArtifact { Pipeline = plan.Definition.Name, Source = FitBinder.Describe(plan.SourceSchema), Steps = records };
        var stream = Create(staging, FitFile);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(artifact.ToUtf8(), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return (artifact, stream.Sha256);
        }
    }

    private static Task RunSinkAsync(PassExecutor executor, Func<DataBatch, CancellationToken, Task> consume, CancellationToken cancellationToken) =>
        executor.RunAsync((tail, options) =>
        {
            var sink = new ActionBlock<DataBatch>(async batch =>
            {
                try
                {
                    await consume(batch, options.CancellationToken).ConfigureAwait(false);
                    // Written: the replay block's copies in it can take later rows (PassExecutor.RecyclesReplayedRows).
                    executor.ReplayArrays?.ReturnAll(batch.Data);
                }
                finally { batch.Dispose(); }
            }, options);
            tail.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
            return sink.Completion;
        }, cancellationToken);

    private static HashingStream Create(string staging, string relative) =>
        new(new FileStream(Path.Combine(staging, relative), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20));

    internal void Check(RunLedger ledger)
    {
        var imbalances = ledger.Imbalances();
        if (imbalances.Count > 0) throw new RunFailedException("the row ledger does not balance: " + string.Join("; ", imbalances));
        var limit = plan.Definition.Quarantine.MaxBadFraction;
        var total = ledger.SourceRows + ledger.SourceQuarantined;
        if (total > 0 && (double)ledger.Quarantined / total > limit)
            throw new RunFailedException($"{ledger.Quarantined} of {total} rows were quarantined ({(double)ledger.Quarantined / total:P2}), over the limit quarantine.max_bad_fraction = {limit:P2}; nothing was committed");
        var files = ledger.FilesRead + ledger.FilesUnreadable;
        if (files > 0 && (double)ledger.FilesUnreadable / files > limit)
            throw new RunFailedException($"{ledger.FilesUnreadable} of {files} input files could not be read, over the limit quarantine.max_bad_fraction = {limit:P2}; nothing was committed");
    }

    /// <summary>
    /// Size, time and checksum of each input, for the manifest. An input that cannot be read here
    /// is described without a checksum: the source quarantines it, and that is the run's verdict.
    /// </summary>
    private async Task<IReadOnlyList<InputFile>> DescribeInputsAsync(CancellationToken cancellationToken)
    {
        var described = new List<InputFile>();
        foreach (var path in plan.Inputs)
        {
            var info = new FileInfo(path);
            var sha = "";
            try
            {
                if (info.Exists) sha = await OutputRoot.Sha256Async(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            described.Add(new InputFile(path, info.Exists ? info.Length : 0, info.Exists ? info.LastWriteTimeUtc : default, sha));
        }
        return described;
    }

    private static Func<int, IReadOnlyList<OutputFile>> DescribeOutputs(string staging, RunLedger ledger, IReadOnlyDictionary<string, string> checksums, IReadOnlyDictionary<string, long> dataRows)
    {
        var files = checksums.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f =>
        {
            var (role, rows) = f.Key switch
            {
                "quarantine.parquet" => ("quarantine", ledger.Quarantined + ledger.FilesUnreadable),
                "dropped.parquet" => ("dropped", ledger.Dropped),
                FitFile => ("fit", 0L),
                _ when f.Key.StartsWith(ReportWriter.Folder + "/", StringComparison.Ordinal) => ("report", 0L),
                _ => ("data", dataRows.GetValueOrDefault(f.Key)),
            };
            return (Relative: f.Key, Role: role, Rows: rows, Bytes: new FileInfo(Path.Combine(staging, f.Key)).Length, Sha: f.Value);
        }).ToList();
        return version => files.Select(f => new OutputFile($"{OutputRoot.VersionFolder(version)}/{f.Relative}", f.Role, f.Rows, f.Bytes, f.Sha)).ToList();
    }

    private static readonly ISinkFormat RecordFormat = Formats.CreateSink(new SinkOptions { Parquet = new ParquetSinkOptions { Path = ".", RowGroupSize = 65_536 } });

    private IDisposable? Report(IProgress<RunProgress>? progress, PlanPass pass, PassExecutor executor, RunLedger ledger, long started)
    {
        if (progress is null) return null;
        return time.CreateTimer(_ => progress.Report(new RunProgress(pass.Number, plan.Passes.Count,
            Interlocked.Read(ref executor.Producer.RowsRead), time.GetElapsedTime(started), ledger)), null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
    }
}
