using System.Threading.Tasks.Dataflow;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.IO;
using DataPrep.Steps;

namespace DataPrep.Execution;

/// <summary>
/// Runs a plan: the fit passes, then the final pass into a staging folder, then the checks
/// (ledger balanced, bad fraction under the limit) and the commit. Any failure abandons the
/// staging folder: nothing is published and the previous version stays as it was.
/// </summary>
internal sealed class PipelineRunner(ExecutionPlan plan, string definitionSha256, TimeProvider time)
{
    public async Task<RunResult> RunAsync(IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var root = OutputRoot.Open(plan.OutputRoot);
        root.RemoveStaleStaging(TimeSpan.FromDays(1), time.GetUtcNow());
        var runId = $"{time.GetUtcNow():yyyyMMddTHHmmssfffZ}-{Guid.NewGuid():N}"[..32];
        var staging = root.BeginStaging(runId);
        using var stopInputs = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inputs = Task.Run(() => DescribeInputsAsync(stopInputs.Token), stopInputs.Token);
        try
        {
            var ledger = new RunLedger(plan.Steps.Select(s => s.Id));
            IReadOnlyDictionary<string, string> checksums = new Dictionary<string, string>();
            foreach (var pass in plan.Passes)
            {
                var passLedger = pass.IsFinal ? ledger : new RunLedger(plan.Steps.Select(s => s.Id));
                var executor = new PassExecutor(plan, pass, passLedger);
                using var reporter = Report(progress, pass, executor, ledger, started);
                if (pass.IsFinal) checksums = await WriteAsync(executor, staging, ledger, cancellationToken).ConfigureAwait(false);
                else await FitAsync(executor, pass.FitsStep!.Value, cancellationToken).ConfigureAwait(false);
            }
            Check(ledger);
            var described = await inputs.ConfigureAwait(false);
            var files = DescribeOutputs(staging, ledger, checksums);
            var manifest = root.Publish(staging, version => ManifestBuilder.Build(plan, version, root.Latest()?.Version, runId,
                time.GetUtcNow(), definitionSha256, described, files(version), ledger));
            progress?.Report(new RunProgress(plan.Passes.Count, plan.Passes.Count, ledger.SourceRows, time.GetElapsedTime(started), ledger));
            return new RunResult(manifest, ledger, plan);
        }
        catch
        {
            await stopInputs.CancelAsync().ConfigureAwait(false);
            try { await inputs.ConfigureAwait(false); } catch (OperationCanceledException) { }
            root.Abandon(staging);
            throw;
        }
    }

    /// <returns>The SHA-256 of each file written, by path relative to the staging folder, computed while writing.</returns>
    private async Task<IReadOnlyDictionary<string, string>> WriteAsync(PassExecutor executor, string staging, RunLedger ledger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(staging, "data"));
        var dataFile = "data/part-00000" + plan.Sink.Extension;
        var data = Create(staging, dataFile);
        var quarantine = Create(staging, "quarantine.parquet");
        var dropped = Create(staging, "dropped.parquet");
        var writer = plan.Sink.Create(data, plan.OutputSchema);
        var records = new RecordWriter(plan.Inputs, RecordFormat, quarantine, dropped);
        IAsyncDisposable[] owned = [records, writer, dropped, quarantine, data];
        try
        {
            await RunSinkAsync(executor, writer, records, ledger, cancellationToken).ConfigureAwait(false);
            await writer.FinishAsync(cancellationToken).ConfigureAwait(false);
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
        var checksums = new Dictionary<string, string>
        {
            [dataFile] = data.Sha256,
            ["quarantine.parquet"] = quarantine.Sha256,
            ["dropped.parquet"] = dropped.Sha256,
        };
        foreach (var item in owned) await item.DisposeAsync().ConfigureAwait(false);
        return checksums;
    }

    private static Task RunSinkAsync(PassExecutor executor, IBatchWriter writer, RecordWriter records, RunLedger ledger, CancellationToken cancellationToken) =>
        executor.RunAsync((tail, options) =>
        {
            var sink = new ActionBlock<DataBatch>(async batch =>
            {
                try
                {
                    // A batch holds a contiguous stretch of the source, and its records come step by
                    // step; sorted by source row they come out in one order whatever the batch size.
                    await records.AddAsync(batch.Records.OrderBy(r => r.Row.Source).ThenBy(r => r.Row.Row), options.CancellationToken).ConfigureAwait(false);
                    if (batch.Data.Length > 0) await writer.WriteAsync(batch.Data, options.CancellationToken).ConfigureAwait(false);
                    ledger.AddWritten(batch.Data.Length);
                }
                finally { batch.Dispose(); }
            }, options);
            tail.LinkTo(sink, new DataflowLinkOptions { PropagateCompletion = true });
            return sink.Completion;
        }, cancellationToken);

    private static HashingStream Create(string staging, string relative) =>
        new(new FileStream(Path.Combine(staging, relative), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20));

    internal async Task FitAsync(PassExecutor executor, int stepIndex, CancellationToken cancellationToken)
    {
        var step = (IFittedStep)executor.StepAt(stepIndex);
        var planned = plan.Steps[stepIndex];
        var merged = step.CreateStatistics();
        await executor.RunAsync((tail, options) =>
        {
            var accumulate = new TransformBlock<DataBatch, IStatistics>(executor.Guard<DataBatch, IStatistics>(batch =>
            {
                using (batch)
                {
                    var statistics = step.CreateStatistics();
                    try { step.Accumulate(statistics, batch.Data, new BatchContext(batch.Data, batch.RowIds, plan.Definition.Seed)); }
                    catch (Exception e) when (e is not OperationCanceledException) { throw new StepFailedException(planned.Id, planned.Location, e); }
                    return statistics;
                }
            }), executor.Options(plan.Parallelism, options.CancellationToken));
            // Merged in source order at degree 1, so the fit is the same at any parallelism.
            var merge = new ActionBlock<IStatistics>(merged.Merge, options);
            tail.LinkTo(accumulate, new DataflowLinkOptions { PropagateCompletion = true });
            accumulate.LinkTo(merge, new DataflowLinkOptions { PropagateCompletion = true });
            return merge.Completion;
        }, cancellationToken).ConfigureAwait(false);
        try { step.Fit(merged); }
        catch (Exception e) { throw new StepFailedException(planned.Id, planned.Location, e); }
    }

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

    private static Func<int, IReadOnlyList<OutputFile>> DescribeOutputs(string staging, RunLedger ledger, IReadOnlyDictionary<string, string> checksums)
    {
        var files = checksums.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f =>
        {
            var (role, rows) = f.Key switch
            {
                "quarantine.parquet" => ("quarantine", ledger.Quarantined + ledger.FilesUnreadable),
                "dropped.parquet" => ("dropped", ledger.Dropped),
                _ => ("data", ledger.RowsWritten),
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
