using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps;

/// <summary>
/// What a step may do with rows besides transforming them: quarantine them (bad data, with a
/// reason) or drop them (on purpose, with a reason, naming the survivor for duplicates). The engine
/// removes marked rows, writes the records and keeps the ledger.
/// </summary>
public sealed class BatchContext
{
    private readonly RowId[] _rowIds;
    private List<RowDisposition>? _dispositions;
    private Dictionary<string, long>? _counters;
    private bool[]? _removed;
    private int[]? _made;
    private readonly bool[]? _fitRows;

    internal BatchContext(RecordBatch input, RowId[] rowIds, long seed, bool[]? fitRows = null)
    {
        Input = input;
        _rowIds = rowIds;
        Seed = seed;
        _fitRows = fitRows;
    }

    /// <summary>
    /// How many threads the step may use inside this one call (the plan's parallelism; 1 where the
    /// caller runs alone, as in a fitted pipeline's single-batch transform). A step that splits its
    /// own work must give the same result at any value.
    /// </summary>
    public int Parallelism { get; internal init; } = 1;

    /// <summary>The batch as it reached the step.</summary>
    public RecordBatch Input { get; }

    /// <summary>The run's seed, for counter-based randomness keyed by (seed, step id, row id).</summary>
    public long Seed { get; }

    public RowId RowIdAt(int row) => _rowIds[row];

    public bool IsRemoved(int row) => _removed?[row] ?? false;

    /// <summary>
    /// Whether the row belongs to the rows the step was fitted on. A pipeline that splits fits the
    /// steps after the split on its training rows only (<c>split</c>); the others are validation or
    /// test rows, which get the training statistics and, for a sampler, pass through untouched.
    /// Always true when the pipeline does not split.
    /// </summary>
    public bool IsFitRow(int row) => _fitRows?[row] ?? true;

    /// <summary>True when some rows of the batch are outside the fit set (see <see cref="IsFitRow"/>).</summary>
    public bool HasFitFilter => _fitRows is not null;

    /// <summary>
    /// Where a step that keeps nothing of its input (<see cref="IAppliesCopies"/>) takes the buffers of
    /// the columns it makes, in a final pass whose arrays the engine gives back once nothing reads them
    /// (<see cref="Execution.PassExecutor.ReplayArrays"/>); null: new arrays.
    /// </summary>
    internal Data.ArrayRecycler? Arrays { get; init; }

    /// <summary>
    /// Declares that the step's output has <paramref name="count"/> rows it made (oversampling)
    /// right after input row <paramref name="row"/>. The output then holds every input row in order,
    /// each followed by the rows made from it; the engine gives made rows identities of their own
    /// (<see cref="RowId.Made"/>) and counts them as synthesized in the ledger.
    /// </summary>
    public void MakeRows(int row, int count)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0) return;
        _made ??= new int[Input.Length];
        _made[row] += count;
    }

    /// <summary>Rows made after each input row, or null when the step made none.</summary>
    internal int[]? Made => _made;

    internal IReadOnlyList<RowDisposition> Dispositions => (IReadOnlyList<RowDisposition>?)_dispositions ?? [];

    internal bool[]? Removed => _removed;

    /// <summary>Sends the row to the quarantine with a reason code such as <c>validate.not_null</c>.</summary>
    public void Quarantine(int row, string code, string message) =>
        Mark(new RowDisposition(row, RowFate.Quarantined, code, message, null));

    /// <summary>Removes the row on purpose; <paramref name="survivor"/> names the row kept in its place, if any.</summary>
    public void Drop(int row, string code, string message, RowId? survivor = null) =>
        Mark(new RowDisposition(row, RowFate.Dropped, code, message, survivor));

    /// <summary>
    /// Adds to a named counter of the step (e.g. <c>near_duplicate.clusters</c>); the engine sums them
    /// over the final pass into the run's ledger and the manifest. Counts made while fitting are not kept.
    /// </summary>
    public void Count(string name, long delta = 1)
    {
        _counters ??= new Dictionary<string, long>(StringComparer.Ordinal);
        _counters[name] = _counters.GetValueOrDefault(name) + delta;
    }

    internal IReadOnlyDictionary<string, long>? Counters => _counters;

    private void Mark(RowDisposition disposition)
    {
        _removed ??= new bool[Input.Length];
        if (_removed[disposition.Row]) return; // first reason wins; a row leaves once
        _removed[disposition.Row] = true;
        (_dispositions ??= []).Add(disposition);
    }
}
