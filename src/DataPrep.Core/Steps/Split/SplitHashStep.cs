using Apache.Arrow;
using DataPrep.Data;

namespace DataPrep.Steps.Split;

/// <summary>
/// Unstratified split: a row's split is a pure function of the hash of its key (or of its group's
/// value when one group column is given), so rows never move as the dataset grows and no pass over
/// the data is needed. Split sizes are the fractions in expectation (binomial), not exactly.
/// </summary>
internal sealed class SplitHashStep(SplitOptions options, string id) : IMapStep, ISplittingStep
{
    private readonly SplitAssigner _assigner = new(options);

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public string SplitColumn => options.Column;

    public string FitValue => SplitAssigner.Names[SplitAssigner.Train];

    public Schema Bind(Schema input, BindContext context) => _assigner.Bind(input, context);

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var keys = RowHasher.Hash(input, _assigner.Keys);
        var groups = _assigner.Groups.Length == 1 ? RowHasher.Hash(input, _assigner.Groups) : null;
        var groupColumn = groups is null ? null : input.Column(_assigner.Groups[0]);
        var codes = new byte[input.Length];
        for (var row = 0; row < codes.Length; row++)
        {
            // A row without a group value is a group of its own, placed by its key.
            var hash = groups is not null && groupColumn!.IsValid(row) ? groups[row] : keys[row];
            codes[row] = SplitAssigner.Assign(SplitAssigner.Position(hash, context.Seed), _assigner.Bounds);
        }
        return _assigner.Append(input, codes);
    }
}
