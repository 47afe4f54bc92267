using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// Near-duplicate text dedupe. Fit pass: per batch in parallel, each text is normalized, shingled
/// and MinHashed, and only its band keys (plus, for the exact check, its shingle hashes) are kept.
/// <see cref="Fit(IStatistics, int)"/> clusters the rows; <see cref="Apply"/> drops every row of a cluster but its
/// survivor, naming it, and counts the clusters by size.
/// </summary>
internal sealed class NearDuplicateStep(DedupeOptions options, string id) : IFittedStep
{
    private readonly NearDuplicateOptions _near = options.Near!;
    private readonly MinHasher _hasher = new(options.Near!.Bands, options.Near.Rows);
    private Dictionary<long, (long Survivor, int Size)> _fates = [];
    private int _column = -1;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Fitted;

    public Schema Bind(Schema input, BindContext context)
    {
        var field = context.RequireColumn(input, _near.Column, "near.column");
        if (field is not null && field.DataType is not StringType)
            context.Error("near.column", DiagnosticCodes.NearDuplicateColumnType, $"column '{_near.Column}' is {field.DataType.Name}; near-duplicate dedupe needs a string column");
        _column = input.GetFieldIndex(_near.Column);
        return input;
    }

    public IEnumerable<string> ColumnsNeeded(Schema input, IReadOnlySet<string> neededOutputs) =>
        input.FieldsList.Select(f => f.Name).Where(n => neededOutputs.Contains(n) || n == _near.Column);

    /// <summary>Bytes held per row with text while fitting, not counting the shingle hashes of the exact check.</summary>
    internal int BytesPerRow => 8 + 4 + 8 * _near.Bands + (_near.Verify ? 4 : 0);

    public string DescribeState() =>
        $"MinHash of {_near.Shingle.ToString().ToLowerInvariant()} {_near.N}-grams, {_near.Bands} bands × {_near.Rows} rows " +
        $"(LSH threshold (1/b)^(1/r) ≈ {_near.ImpliedThreshold:F3}){(_near.Verify ? $", exact Jaccard ≥ {_near.Threshold} on candidates" : ", no exact check")}; " +
        $"fit state {BytesPerRow} bytes per row (row id, length, {_near.Bands} 64-bit band keys)" +
        (_near.Verify ? " + 4 bytes per distinct shingle for the exact check" : "") +
        "; while clustering, about 48 bytes per row more (bucket table, union-find); after fitting, about 32 bytes per row in a cluster";

    public IStatistics CreateStatistics() => new NearSignatures();

    public void Accumulate(IStatistics statistics, RecordBatch input, BatchContext context)
    {
        var text = (StringArray)input.Column(_column);
        var shingler = new TextShingles(_near);
        var signature = _hasher.NewBuffer();
        var bands = _near.Bands;
        var rows = new List<long>(input.Length);
        var lengths = new List<int>(input.Length);
        var keys = new ulong[input.Length * bands];
        var starts = new List<int>(_near.Verify ? input.Length + 1 : 0);
        var shingles = new List<uint>();
        if (_near.Verify) starts.Add(0);
        for (var row = 0; row < input.Length; row++)
        {
            if (text.IsNull(row)) continue; // a missing text is nobody's near-duplicate
            var bytes = text.GetBytes(row);
            var hashes = shingler.Hash(bytes);
            if (hashes.IsEmpty) continue;
            _hasher.Signature(hashes, signature);
            _hasher.BandKeys(signature, keys.AsSpan(rows.Count * bands, bands));
            rows.Add(DedupeKeys.Pack(context.RowIdAt(row)));
            lengths.Add(bytes.Length);
            if (_near.Verify) AddDistinct(hashes, shingles, starts);
        }
        ((NearSignatures)statistics).Chunks.Add(new NearSignatures.Chunk(
            [.. rows], [.. lengths], keys.AsSpan(0, rows.Count * bands).ToArray(), [.. starts], [.. shingles]));
    }

    /// <summary>Appends the sorted distinct 32-bit folds of a row's shingle hashes.</summary>
    private static void AddDistinct(ReadOnlySpan<ulong> hashes, List<uint> shingles, List<int> starts)
    {
        var from = shingles.Count;
        foreach (var h in hashes) shingles.Add((uint)(h ^ (h >> 32)));
        var span = CollectionsMarshal.AsSpan(shingles)[from..];
        span.Sort();
        var distinct = span.IsEmpty ? 0 : 1;
        for (var i = 1; i < span.Length; i++) if (span[i] != span[distinct - 1]) span[distinct++] = span[i];
        shingles.RemoveRange(from + distinct, span.Length - distinct);
        starts.Add(shingles.Count);
    }

    public void Fit(IStatistics merged) => Fit(merged, 1);

    public void Fit(IStatistics merged, int parallelism) => _fates = NearClusters.Resolve((NearSignatures)merged, _near, parallelism);

    public RecordBatch Apply(RecordBatch input, BatchContext context)
    {
        for (var row = 0; row < input.Length; row++)
        {
            var packed = DedupeKeys.Pack(context.RowIdAt(row));
            if (!_fates.TryGetValue(packed, out var fate)) continue;
            if (fate.Survivor == packed)
            {
                context.Count("near_duplicate.clusters");
                context.Count($"near_duplicate.cluster_size.{SizeBucket(fate.Size)}");
                continue;
            }
            var survivor = DedupeKeys.Unpack(fate.Survivor);
            context.Drop(row, "dedupe.near_duplicate", $"near duplicate of row {survivor} (cluster of {fate.Size})", survivor);
        }
        return input;
    }

    /// <summary>Cluster sizes counted in power-of-two ranges: 2, 3-4, 5-8, 9-16, ...</summary>
    internal static string SizeBucket(int size)
    {
        if (size <= 2) return "2";
        var upper = 4;
        while (upper < size) upper *= 2;
        return $"{upper / 2 + 1}-{upper}";
    }
}
