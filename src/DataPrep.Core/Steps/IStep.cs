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

    /// <summary>Same contract as <see cref="IMapStep.Process"/>; runs in parallel after <see cref="Fit"/>.</summary>
    RecordBatch Apply(RecordBatch input, BatchContext context);
}

/// <summary>A mergeable accumulator: merging in any grouping gives the same result.</summary>
public interface IStatistics
{
    void Merge(IStatistics other);
}
