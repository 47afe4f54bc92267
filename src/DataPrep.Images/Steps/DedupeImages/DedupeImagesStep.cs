using System.IO.Hashing;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Steps.Shared;
using DataPrep.Steps;

namespace DataPrep.Images.Steps.DedupeImages;

/// <summary>
/// Sequential: hashing (decode + perceptual hash + byte hash) runs in the parallel prepare block;
/// the degree-1 apply keeps the BK-tree, the exact-hash map and the union-find in source order,
/// so the survivor of every cluster is its first row whatever the batch size or parallelism.
/// </summary>
internal sealed class DedupeImagesStep(DedupeImagesOptions options, string id, IImageCodec codec) : ISequentialStep
{
    private readonly BkTree _tree = new();
    private readonly Dictionary<UInt128, int> _exact = [];
    private readonly List<RowId> _rows = []; // item → row id
    private readonly List<int> _parent = []; // union-find over items; the root is the cluster's first row
    private readonly List<(int Item, int Distance)> _found = [];
    private int _column = -1;
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Sequential;

    public string DescribeState() => "a BK-tree of 64-bit hashes, a byte-hash map and union-find parents: about 120 bytes per image";

    public Schema Bind(Schema input, BindContext context)
    {
        _column = ImageColumn.Resolve(input, options.Column, context);
        _output = options.HashColumn is { } h ? ImageColumn.With(input, [new Field(h, UInt64Type.Default, nullable: true)]) : input;
        return _output;
    }

    public object? Prepare(RecordBatch input)
    {
        var images = (BinaryArray)input.Column(_column);
        var hashes = new Hashed[input.Length];
        for (var row = 0; row < input.Length; row++)
        {
            if (images.IsNull(row)) continue;
            var bytes = images.GetBytes(row);
            try
            {
                var header = codec.ReadHeader(bytes);
                // Gray decode at reduced size: the hash looks at 32×32 at most.
                var gray = codec.Decode(bytes, options.MaxPixels, 1, Math.Min(header.Width, 64), Math.Min(header.Height, 64));
                var hash = options.Hash == PerceptualHash.Phash ? PerceptualHasher.Phash(gray) : PerceptualHasher.Dhash(gray);
                hashes[row] = new Hashed(hash, XxHash128.HashToUInt128(bytes), null, null);
            }
            catch (ImageDecodeException e)
            {
                hashes[row] = new Hashed(0, 0, e.Reason, e.Message);
            }
        }
        return hashes;
    }

    public RecordBatch Apply(RecordBatch input, object? prepared, BatchContext context)
    {
        var hashes = (Hashed[])(prepared ?? Prepare(input)!);
        var images = (BinaryArray)input.Column(_column);
        var hashColumn = new UInt64Array.Builder();
        for (var row = 0; row < input.Length; row++)
        {
            if (images.IsNull(row)) { hashColumn.AppendNull(); continue; }
            var h = hashes[row];
            if (h.Reason is not null)
            {
                context.Quarantine(row, $"dedupe_images.{h.Reason}", h.Message!);
                hashColumn.AppendNull();
                continue;
            }
            hashColumn.Append(h.Perceptual);
            var rowId = context.RowIdAt(row);
            if (options.Exact && _exact.TryGetValue(h.Bytes, out var same))
            {
                var survivor = _rows[Find(same)];
                context.Drop(row, "dedupe_images.exact", $"byte-identical to row {_rows[same]}; cluster survivor {survivor}", survivor);
                continue;
            }
            var item = _rows.Count;
            _rows.Add(rowId);
            _parent.Add(item);
            if (options.Exact) _exact[h.Bytes] = item;
            _found.Clear();
            _tree.Query(h.Perceptual, options.MaxDistance, _found);
            _tree.Add(h.Perceptual, item);
            if (_found.Count == 0) continue;
            var nearest = _found.MinBy(f => (f.Distance, f.Item));
            foreach (var (other, _) in _found) Union(item, other);
            var root = _rows[Find(item)];
            context.Drop(row, "dedupe_images.near", $"near duplicate of row {_rows[nearest.Item]} (Hamming distance {nearest.Distance}); cluster survivor {root}", root);
        }
        if (options.HashColumn is null) return input;
        using var built = hashColumn.Build();
        var arrays = new IArrowArray[_output.FieldsList.Count];
        var at = _output.GetFieldIndex(options.HashColumn);
        for (var i = 0; i < input.ColumnCount; i++)
        {
            var j = _output.GetFieldIndex(input.Schema.GetFieldByIndex(i).Name);
            if (j != at) arrays[j] = ImageColumn.Share(input.Column(i));
        }
        arrays[at] = ImageColumn.Share(built);
        return new RecordBatch(_output, arrays, input.Length);
    }

    private int Find(int item)
    {
        while (_parent[item] != item)
        {
            _parent[item] = _parent[_parent[item]];
            item = _parent[item];
        }
        return item;
    }

    // The smaller item (earlier row) becomes the root, so a cluster's root is its first row.
    private void Union(int a, int b)
    {
        var ra = Find(a); var rb = Find(b);
        if (ra == rb) return;
        if (ra < rb) _parent[rb] = ra; else _parent[ra] = rb;
    }

    private readonly record struct Hashed(ulong Perceptual, UInt128 Bytes, string? Reason, string? Message);
}
