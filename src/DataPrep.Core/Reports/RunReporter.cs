using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using DataPrep.Commit;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Execution;
using DataPrep.Reports.Profiling;
using DataPrep.Steps;

namespace DataPrep.Reports;

/// <summary>
/// Collects a run's report while the final pass streams: source and sink profiles (in parallel
/// blocks of the pass, no second read, merged in source order) and the reasons and first examples
/// of rows that left the stream (kept by row order, not arrival). <see cref="Build"/> assembles the report once the pass is over.
/// </summary>
internal sealed class RunReporter
{
    private const int ExamplesPerReason = 3;

    private readonly ExecutionPlan _plan;
    private readonly OrderedTableProfiler? _source;
    private readonly OrderedTableProfiler? _sink;
    private readonly bool _sinkIsSource;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Step, RowFate Fate, string Code), long> _reasons = [];
    private readonly Dictionary<(string Step, string Code), List<RowRecord>> _examples = [];
    private readonly StepEffectsCollector[]? _effects;
    private readonly Dictionary<string, SortedDictionary<RowId, Cluster>> _clusters = new(StringComparer.Ordinal);

    public RunReporter(ExecutionPlan plan, ReportOptions options)
    {
        _plan = plan;
        Options = options;
        Sensitive = plan.Sensitive;
        if (!options.Profile) return;
        _source = new OrderedTableProfiler(plan.SourceSchema, Sensitive, options.Correlations);
        // With no step between them, the sink receives exactly the rows the source tap saw: profile them once.
        _sinkIsSource = plan.Steps.Count == 0;
        _sink = _sinkIsSource ? null : new OrderedTableProfiler(plan.OutputSchema, Sensitive, options.Correlations);
        _effects = plan.Steps.Select(p => new StepEffectsCollector(LabelOf(p, options), Sensitive)).ToArray();
    }

    /// <summary>The label whose classes a step's report counts: the step's own (rebalance label, split stratify_by), else report.label, if the step sees it.</summary>
    private static string? LabelOf(PlannedStep step, ReportOptions options)
    {
        var label = step.Definition.Options switch
        {
            Steps.Rebalance.RebalanceOptions r when r.Label.Length > 0 => r.Label,
            Steps.Split.SplitOptions { StratifyBy: { Length: > 0 } s } => s,
            _ => options.Label,
        };
        return label is not null && (step.Input.GetFieldIndex(label) >= 0 || step.Output.GetFieldIndex(label) >= 0) ? label : null;
    }

    /// <summary>A step's input and output of batch <paramref name="sequence"/>, as the step returns it (called concurrently, in the final pass).</summary>
    public void ObserveStep(int step, long sequence, Apache.Arrow.RecordBatch input, Apache.Arrow.RecordBatch output, BatchContext context) =>
        _effects?[step].Observe(sequence, input, output, context);

    public ReportOptions Options { get; }

    /// <summary>Columns some step of the plan declares sensitive: profiled as counts only, never shown as values.</summary>
    public IReadOnlySet<string> Sensitive { get; }

    /// <summary>The options in effect: the report as configured, or a default one when only gates ask for it.</summary>
    public static ReportOptions? Effective(PipelineDefinition definition) =>
        definition.Report ?? (definition.Gates.Count > 0 ? new ReportOptions { Formats = [ReportFormat.Json] } : null);

    /// <summary>A batch as it leaves the source (called concurrently).</summary>
    public void ObserveSource(DataBatch batch) => _source?.Accumulate(batch.Data, batch.Sequence);

    /// <summary>A batch as it reaches the sink (called concurrently): its rows and the records it carries.</summary>
    public void ObserveSink(DataBatch batch)
    {
        _sink?.Accumulate(batch.Data, batch.Sequence);
        if (batch.Records.Count == 0) return;
        lock (_gate)
        {
            foreach (var r in batch.Records)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(_reasons, (r.StepId, r.Fate, r.Code), out _)++;
                if (r.Survivor is { } survivor) AddToCluster(r.StepId, survivor, r.Row);
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_examples, (r.StepId, r.Code), out _);
                list ??= [];
                list.Add(r);
                if (list.Count > ExamplesPerReason)
                {
                    // Keep the first rows in source order, whichever batches arrive first.
                    list.Sort((a, b) => a.Row.Source != b.Row.Source ? a.Row.Source.CompareTo(b.Row.Source) : a.Row.Row.CompareTo(b.Row.Row));
                    list.RemoveAt(ExamplesPerReason);
                }
            }
        }
    }

    private const int ClustersPerStep = 5, RowsPerCluster = 5;

    /// <summary>One kept row and the first rows removed as its duplicates.</summary>
    private sealed class Cluster
    {
        public List<RowId> Removed { get; } = [];

        public long Count { get; set; }
    }

    /// <summary>Keeps the clusters of the first survivors in source order (called under the lock).</summary>
    private void AddToCluster(string step, RowId survivor, RowId removed)
    {
        if (!_clusters.TryGetValue(step, out var clusters)) _clusters[step] = clusters = new SortedDictionary<RowId, Cluster>(RowOrder.Instance);
        if (!clusters.TryGetValue(survivor, out var cluster))
        {
            if (clusters.Count >= ClustersPerStep)
            {
                var last = clusters.Keys.Last();
                if (RowOrder.Instance.Compare(survivor, last) > 0) return;
                clusters.Remove(last);
            }
            clusters[survivor] = cluster = new Cluster();
        }
        cluster.Count++;
        cluster.Removed.Add(removed);
        if (cluster.Removed.Count > RowsPerCluster)
        {
            cluster.Removed.Sort(RowOrder.Instance);
            cluster.Removed.RemoveAt(RowsPerCluster);
        }
    }

    private sealed class RowOrder : IComparer<RowId>
    {
        public static readonly RowOrder Instance = new();

        public int Compare(RowId a, RowId b) => a.Source != b.Source ? a.Source.CompareTo(b.Source) : a.Row != b.Row ? a.Row.CompareTo(b.Row) : a.Copy.CompareTo(b.Copy);
    }

    private List<DuplicateCluster> Clusters(string step) =>
        _clusters.TryGetValue(step, out var clusters)
            ? clusters.Select(c => new DuplicateCluster
            {
                Survivor = c.Key.ToString(),
                Removed = c.Value.Removed.Order(RowOrder.Instance).Select(r => r.ToString()).ToList(),
                RemovedCount = c.Value.Count,
            }).ToList()
            : [];

    private StepEffects? EffectsOf(int index, string id, string name, IReadOnlyList<ReasonCount> reasons)
    {
        if (_effects is null) return null;
        var effects = _effects[index].Finish(name, reasons, Clusters(id));
        var empty = effects.Columns.Count == 0 && effects.ClassBalance is null && effects.OutliersHandled is null && effects.DuplicatesRemoved is null;
        return empty ? null : effects;
    }

    public QualityReport Build(RunLedger ledger, IReadOnlyList<InputFile> inputs, string runId, string definitionSha256, DateTimeOffset now, TimeSpan elapsed)
    {
        var total = ledger.SourceRows + ledger.SourceQuarantined;
        var source = _source?.Finish();
        var duplicatesDropped = _reasons.Where(r => r.Key.Code.StartsWith("dedupe.", StringComparison.Ordinal)).Sum(r => r.Value);
        var dedupes = _plan.Steps.Any(s => s.Definition.Name == "dedupe");
        double duplicateRate = dedupes
            ? (ledger.SourceRows == 0 ? 0 : (double)duplicatesDropped / ledger.SourceRows)
            : source is { Rows: > 0 } ? Math.Max(0, (double)(source.Rows - source.DistinctRowsEstimate) / source.Rows) : 0;
        var steps = new List<StepReport> { SourceStep(ledger) };
        steps.AddRange(ledger.Steps.Select((s, i) => new StepReport
        {
            Id = s.StepId,
            Step = _plan.Steps[i].Definition.Name,
            RowsIn = s.RowsIn,
            RowsOut = s.RowsOut,
            Quarantined = s.Quarantined,
            Dropped = s.Dropped,
            Seconds = Math.Round(s.Elapsed.TotalSeconds, 3),
            Reasons = Reasons(s.StepId),
            Examples = Examples(s.StepId),
            Fit = FitOf(_plan.Steps[i].Step),
            Effects = EffectsOf(i, s.StepId, _plan.Steps[i].Definition.Name, Reasons(s.StepId)),
        }));
        return new QualityReport
        {
            Pipeline = _plan.Definition.Name,
            CreatedUtc = now,
            Run = new RunMetadata
            {
                RunId = runId,
                DefinitionSha256 = definitionSha256,
                Seed = _plan.Definition.Seed,
                DataPrepVersion = ReportVersions.DataPrep,
                Runtime = ReportVersions.Runtime,
                Parallelism = _plan.Parallelism,
                BatchSize = _plan.BatchSize,
                Seconds = Math.Round(elapsed.TotalSeconds, 3),
                Inputs = inputs.Select(i => new InputSummary { Path = i.Path, Bytes = i.Bytes, Sha256 = i.Sha256 }).ToList(),
            },
            Metrics = new ReportMetrics
            {
                RowCount = ledger.RowsWritten,
                SourceRows = total,
                QuarantineRate = total == 0 ? 0 : (double)ledger.Quarantined / total,
                DropRate = total == 0 ? 0 : (double)ledger.Dropped / total,
                DuplicateRate = duplicateRate,
                DuplicateRateExact = dedupes,
            },
            Source = source,
            Sink = _sinkIsSource ? source : _sink?.Finish(),
            Steps = steps,
            KAnonymity = PrivacySection.KAnonymity(_plan),
        };
    }

    private System.Text.Json.Nodes.JsonNode? FitOf(IStep step)
    {
        if (Sensitive.Count > 0 || step is not IFittedStep { HasReusableFit: true } fitted) return null;
        try { return FitSummary.Cap(fitted.SaveFit()); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException) { return null; }
    }

    private StepReport SourceStep(RunLedger ledger) => new()
    {
        Id = SourceProducer.StepId,
        Step = "source",
        RowsIn = ledger.SourceRows + ledger.SourceQuarantined,
        RowsOut = ledger.SourceRows,
        Quarantined = ledger.SourceQuarantined,
        Reasons = Reasons(SourceProducer.StepId),
        Examples = Examples(SourceProducer.StepId),
    };

    private List<ReasonCount> Reasons(string step) =>
        _reasons.Where(r => r.Key.Step == step).OrderBy(r => r.Key.Code, StringComparer.Ordinal)
            .Select(r => new ReasonCount { Fate = r.Key.Fate == RowFate.Quarantined ? "quarantined" : "dropped", Code = r.Key.Code, Count = r.Value })
            .ToList();

    private List<RecordExample> Examples(string step) =>
        _examples.Where(e => e.Key.Step == step).OrderBy(e => e.Key.Code, StringComparer.Ordinal)
            .SelectMany(e => e.Value.OrderBy(r => r.Row.Source).ThenBy(r => r.Row.Row))
            .Select(r => new RecordExample { Code = r.Code, Row = r.Row.ToString(), Message = Redact(r.Message), Values = RedactValues(r.Values) })
            .ToList();

    /// <summary>A message may quote a value; when the plan has sensitive columns, messages are left out rather than risk it.</summary>
    private string Redact(string message) => Sensitive.Count == 0 ? message : "(message withheld: the pipeline has sensitive columns)";

    private string? RedactValues(string? json)
    {
        if (json is null || Sensitive.Count == 0) return json;
        if (JsonNode.Parse(json) is not JsonObject row) return null;
        foreach (var name in Sensitive) if (row.ContainsKey(name)) row[name] = "(sensitive)";
        return row.ToJsonString();
    }
}
