using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using DataPrep.Images.Steps.Shared;
using DataPrep.Steps;

namespace DataPrep.Images.Steps.Augment;

/// <summary>
/// Row-local: decode once per image, draw each copy's parameters from
/// StableRandom(seed, "step id/copy k", row id), apply, encode. Copy 0 stays in the image's row;
/// with <c>copies</c> above 1 the step makes copies - 1 rows right after it (the engine gives them
/// identities of their own and counts them as synthesized), each with its own params entry. Null
/// images stay null (one row); undecodable ones are quarantined as <c>augment.corrupt</c>,
/// <c>.truncated</c> or <c>.too_large</c>. With batch kernels (the GPU), copies whose ops are the
/// fused shape (crop/resize/flip, optional jitter, normalize last) are collected over the whole
/// input batch and run as one <see cref="IBatchImageKernels.RunFused"/> call; each copy's result
/// depends only on its own image and params, so the bytes do not depend on how rows are batched.
/// </summary>
internal sealed class AugmentStep(AugmentOptions options, string id, IImageCodec codec, Func<IImageKernels?> selectKernels) : IMapStep
{
    private IImageKernels kernels = SimdKernels.Instance;

    private int _column = -1;
    private Schema _output = null!;
    private int _outIndex = -1;
    private int _paramsIndex = -1;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public string DescribeState() => $"none; kernels: {kernels.Name}";

    public Schema Bind(Schema input, BindContext context)
    {
        _column = ImageColumn.Resolve(input, options.Column, context);
        if (selectKernels() is { } selected) kernels = selected;
        else context.Error("device", ImageDiagnostics.NoGpu, "device: gpu, but no usable CUDA device was found (use auto to fall back to the CPU)");
        var metadata = options.Format == AugmentFormat.Tensor ? new Dictionary<string, string> { ["dataprep.tensor"] = TensorDescription() } : null;
        Field[] added =
        [
            new Field(options.Output ?? options.Column, BinaryType.Default, nullable: true, metadata),
            new Field(options.ParamsColumn, StringType.Default, nullable: true),
        ];
        _output = ImageColumn.With(input, added);
        _outIndex = _output.GetFieldIndex(added[0].Name);
        _paramsIndex = _output.GetFieldIndex(added[1].Name);
        return _output;
    }

    private string TensorDescription()
    {
        var size = options.Ops.LastOrDefault(o => o.Resize is not null || o.RandomResizedCrop is not null);
        var dims = size?.Resize?.Size ?? size?.RandomResizedCrop?.Size;
        return dims is null ? "float32 CHW, little-endian, [3, height, width]" : $"float32 CHW, little-endian, [3, {dims[1]}, {dims[0]}]";
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var images = (BinaryArray)input.Column(_column);
        byte[][]?[] results = new byte[input.Length][][];
        var paramsJson = new string[input.Length][];
        var fused = kernels is IBatchImageKernels ? new List<(int Row, int Copy, FusedJob Job, FusedSpec Spec)>() : null;
        for (var row = 0; row < input.Length; row++)
        {
            if (images.IsNull(row)) continue;
            var plans = new AugmentPlan[options.Copies];
            var copies = new byte[options.Copies][];
            if (!TryAugment(images.GetBytes(row), row, context, plans, copies, fused)) continue;
            results[row] = copies;
            paramsJson[row] = plans.Select((p, k) => p.ToJson(k)).ToArray();
        }
        if (fused is { Count: > 0 }) RunFused((IBatchImageKernels)kernels, fused, results);

        var outputs = new BinaryArray.Builder();
        var parameters = new StringArray.Builder();
        var take = new List<int>(input.Length * options.Copies);
        for (var row = 0; row < input.Length; row++)
        {
            take.Add(row);
            if (results[row] is not { } copies)
            {
                outputs.AppendNull();
                parameters.AppendNull();
                continue;
            }
            for (var k = 0; k < options.Copies; k++)
            {
                if (k > 0) take.Add(row);
                outputs.Append(copies[k].AsSpan());
                parameters.Append(paramsJson[row][k]);
            }
            context.MakeRows(row, options.Copies - 1);
        }
        var expanded = take.Count != input.Length;
        using var taken = expanded ? ArrowTake.Take(input, CollectionsMarshal.AsSpan(take)) : null;
        var source = taken ?? input;
        var arrays = new IArrowArray[_output.FieldsList.Count];
        for (var i = 0; i < source.ColumnCount; i++)
        {
            var at = _output.GetFieldIndex(source.Schema.GetFieldByIndex(i).Name);
            if (at != _outIndex && at != _paramsIndex) arrays[at] = ImageColumn.Share(source.Column(i));
        }
        arrays[_outIndex] = outputs.Build();
        arrays[_paramsIndex] = parameters.Build();
        return new RecordBatch(_output, arrays, take.Count);
    }

    /// <summary>The collected fused copies, one <see cref="IBatchImageKernels.RunFused"/> call per output spec (one in practice: the ops fix it).</summary>
    private static void RunFused(IBatchImageKernels batch, List<(int Row, int Copy, FusedJob Job, FusedSpec Spec)> fused, byte[][]?[] results)
    {
        var done = new bool[fused.Count];
        for (var first = 0; first < fused.Count; first++)
        {
            if (done[first]) continue;
            var spec = fused[first].Spec;
            var group = Enumerable.Range(first, fused.Count - first).Where(i => !done[i] && fused[i].Spec.SameAs(spec)).ToList();
            foreach (var i in group) done[i] = true;
            batch.RunFused(group.Select(i => fused[i].Job).ToList(), spec, (j, tensor) =>
            {
                var (row, copy, _, _) = fused[group[j]];
                results[row]![copy] = MemoryMarshal.AsBytes(tensor).ToArray();
            });
        }
    }

    private bool TryAugment(ReadOnlySpan<byte> encoded, int row, BatchContext context, AugmentPlan[] plans, byte[][] results,
        List<(int Row, int Copy, FusedJob Job, FusedSpec Spec)>? fused)
    {
        try
        {
            // One codec object reads the header (the plans are drawn from its size) and decodes.
            var request = default(DecodeRequest);
            var (_, pixels) = codec.DecodeWith(encoded, options.MaxPixels, header =>
            {
                if (header.Pixels > options.MaxPixels)
                    throw new ImageDecodeException(ImageDecodeException.TooLarge, $"{header.Width}x{header.Height} is {header.Pixels} pixels, over max_pixels {options.MaxPixels}");
                for (var k = 0; k < options.Copies; k++)
                {
                    var random = new StableRandom(context.Seed, $"{Id}/{k}", context.RowIdAt(row));
                    plans[k] = AugmentPlan.Draw(options.Ops, ref random, header.Width, header.Height);
                }
                // One decode serves every copy: at the largest size, over the union of regions, any copy needs.
                return request = AugmentPlan.Request(plans, options.ReducedDecode);
            });
            var decoded = AugmentPlan.Source(pixels, request);
            for (var k = 0; k < options.Copies; k++)
            {
                if (fused is not null && plans[k].AsFusedJob(decoded) is { } job)
                {
                    fused.Add((row, k, job.Job, job.Spec)); // filled in by RunFused
                    continue;
                }
                var (image, tensor) = plans[k].Apply(decoded, kernels, options.Format == AugmentFormat.Tensor);
                results[k] = tensor is not null ? TensorBytes(tensor) : codec.Encode(image, Encoding(), options.Quality);
            }
            return true;
        }
        catch (ImageDecodeException e)
        {
            context.Quarantine(row, $"augment.{e.Reason}", e.Message);
            return false;
        }
    }

    // Every byte is copied over: no zeroing of the (large-object) array first.
    private static byte[] TensorBytes(float[] tensor)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(tensor.Length * sizeof(float));
        MemoryMarshal.AsBytes(tensor.AsSpan()).CopyTo(bytes);
        return bytes;
    }

    private ImageFormat Encoding() => options.Format switch
    {
        AugmentFormat.Jpeg => ImageFormat.Jpeg,
        AugmentFormat.Webp => ImageFormat.Webp,
        _ => ImageFormat.Png,
    };
}
