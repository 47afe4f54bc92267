using System.Text.Json.Nodes;
using Apache.Arrow;

namespace DataPrep.Steps;

/// <summary>
/// A pipeline step, built from validated options. Steps never see files, threads or the
/// quarantine: they transform Arrow batches and mark rows to route through a <see cref="BatchContext"/>.
/// Implement one of <see cref="IMapStep"/>, <see cref="ISequentialStep"/> or <see cref="IFittedStep"/>.
/// </summary>
public interface IStep
{
    string Id { get; }

    StepKind Kind { get; }

    /// <summary>
    /// Checks the options against the schema reaching the step and returns the schema it emits.
    /// Report problems (a missing column, a wrong type) through the context; they are shown with
    /// the file position of the option that names them, before any data is read.
    /// </summary>
    Schema Bind(Schema input, BindContext context);

    /// <summary>Input columns the step needs to produce <paramref name="neededOutputs"/>; drives projection at the source.</summary>
    IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) =>
        input.FieldsList.Select(f => f.Name);

    /// <summary>What the step keeps in memory, for <c>dataprep explain</c>.</summary>
    string DescribeState() => "none";

    /// <summary>
    /// Columns of the step's input whose values are sensitive (the ones it anonymizes). The engine
    /// keeps their raw values out of every output: quarantine and drop records, reports, logs.
    /// </summary>
    IEnumerable<string> SensitiveColumns => [];
}

/// <summary>Row-local, stateless after construction: called concurrently on different batches.</summary>
public interface IMapStep : IStep
{
    /// <summary>
    /// Returns a batch with one row per input row (rows marked in the context are removed by the
    /// engine afterwards). May return <paramref name="input"/> itself. Must not dispose it.
    /// </summary>
    RecordBatch Process(RecordBatch input, BatchContext context);
}

/// <summary>Order-dependent: <see cref="Apply"/> runs at degree 1 in source order; <see cref="Prepare"/> in parallel before it.</summary>
public interface ISequentialStep : IStep
{
    /// <summary>Per-batch work that needs no shared state (hashing); runs concurrently.</summary>
    object? Prepare(RecordBatch input) => null;

    /// <summary>Same contract as <see cref="IMapStep.Process"/>, called one batch at a time in order.</summary>
    RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context);

    /// <summary>
    /// True when <see cref="Apply"/> returns its input unchanged and only marks rows (exact dedupe).
    /// The engine may then record the decisions in one fit pass and replay them in the next, without
    /// running the step again.
    /// </summary>
    bool OnlyRemovesRows => false;
}

/// <summary>Needs statistics over its whole input before it can apply (DESIGN.md §4).</summary>
public interface IFittedStep : IStep
{
    /// <summary>A fresh, empty, mergeable accumulator.</summary>
    IStatistics CreateStatistics();

    /// <summary>Adds one batch; called concurrently with distinct accumulators. The context gives row identities; do not mark rows in it.</summary>
    void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context);

    /// <summary>Called once with every accumulator merged, before the first <see cref="Apply"/>.</summary>
    void Fit(IStatistics merged);

    /// <summary>
    /// <see cref="Fit(IStatistics)"/> allowed to use up to <paramref name="parallelism"/> threads (the
    /// run's parallelism); the state it fits must not depend on it. The engine calls this one.
    /// </summary>
    void Fit(IStatistics merged, int parallelism) => Fit(merged);

    /// <summary>Same contract as <see cref="IMapStep.Process"/>; runs in parallel after <see cref="Fit(IStatistics)"/>.</summary>
    RecordBatch Apply(RecordBatch input, BatchContext context);

    /// <summary>
    /// Whether the fitted state is reusable on other data (statistics such as means, vocabularies,
    /// bounds) and so belongs in a fit artifact (<c>--save-fit</c>). False for state that describes
    /// particular rows (keep-last dedupe decisions): such a step fits again in every run.
    /// </summary>
    bool HasReusableFit => false;

    /// <summary>The state set by <see cref="Fit(IStatistics)"/>, as JSON for the fit artifact. Called after <see cref="Fit(IStatistics)"/> when <see cref="HasReusableFit"/>.</summary>
    JsonNode SaveFit() => throw new NotSupportedException($"step {Id} has no reusable fit");

    /// <summary>
    /// Restores the state written by <see cref="SaveFit"/>, in place of <see cref="Fit(IStatistics)"/>. Called after
    /// <see cref="IStep.Bind"/>. Throw <see cref="FitArtifactException"/> with a message that says what
    /// does not match (a column the artifact lacks, another method) when the saved state does not fit the step as bound.
    /// </summary>
    void LoadFit(JsonNode fit) => throw new NotSupportedException($"step {Id} has no reusable fit");
}

/// <summary>A fit artifact that does not match the pipeline it is applied to.</summary>
public sealed class FitArtifactException(string message) : Exception(message);

/// <summary>A mergeable accumulator: merging in any grouping gives the same result.</summary>
public interface IStatistics
{
    void Merge(IStatistics other);
}

/// <summary>
/// A step whose state grows with the rows it sees (a dedupe's table of seen keys), told before a pass
/// how many rows each input file holds (at most: it is the first step), so it can size that state
/// once instead of growing it step by step. Only a hint: given to the first step of a pass that
/// applies it, when every input's format stores its row count; nothing the step decides may depend on it.
/// </summary>
internal interface IExpectsRows
{
    /// <param name="rowsPerFile">Rows of each input, in input order (a row's <see cref="Data.RowId.Source"/> indexes it).</param>
    void ExpectRows(IReadOnlyList<long> rowsPerFile);
}

/// <summary>
/// A fitted step whose <see cref="IFittedStep.Accumulate"/> keeps nothing of the batch it is given
/// but copies (counts, sums, boxed values, strings): once it returns, the batch's arrays may take
/// another batch's rows. The engine then feeds the accumulators a copy of the kept rows in arrays it
/// reuses (<see cref="Execution.PlanBlock.TakesRowsOf"/>). A step that keeps a slice of its input must
/// not claim this.
/// </summary>
internal interface IAccumulatesCopies : IFittedStep;

/// <summary>
/// A sequential step whose <see cref="ISequentialStep.Prepare"/> and <see cref="ISequentialStep.Apply"/>
/// keep nothing of the batch they are given but copies (hashes, row ids), and whose Apply returns its
/// input: in a fit pass that only it and accumulators that copy read (see <see cref="IAccumulatesCopies"/>),
/// the reader's arrays take the next batches' rows once the accumulators are done with a batch.
/// </summary>
internal interface IPreparesCopies : ISequentialStep;

/// <summary>
/// A map or fitted step whose Process or Apply keeps nothing of the batch it is given beyond the
/// batch it returns (columns it passes on, new arrays): once the sink has written the output, the
/// arrays of the rows the replay block copied can take later rows (<see cref="Execution.PassExecutor.ReplayArrays"/>).
/// </summary>
internal interface IAppliesCopies : IStep;
