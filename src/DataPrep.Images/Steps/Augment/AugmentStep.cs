using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Images.Codecs;
using DataPrep.Images.Kernels;
using DataPrep.Images.Steps.Shared;
using DataPrep.Steps;

namespace DataPrep.Images.Steps.Augment;

/// <summary>
/// Row-local: decode once per image, draw each copy's parameters from
/// StableRandom(seed, "step id/copy k", row id), apply, encode. Null images stay null;
/// undecodable ones are quarantined as <c>augment.corrupt</c>, <c>.truncated</c> or <c>.too_large</c>.
/// </summary>
internal sealed class AugmentStep(AugmentOptions options, string id, IImageCodec codec, Func<IImageKernels?> selectKernels) : IMapStep
{
    private IImageKernels kernels = SimdKernels.Instance;

    private int _column = -1;
    private Schema _output = null!;
    private int[] _outIndexes = [];

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public string DescribeState() => $"none; kernels: {kernels.Name}";

    private string OutputName(int copy) => options.Copies == 1 ? options.Output ?? options.Column : $"{options.Output ?? options.Column}_{copy}";

    private string ParamsName(int copy) => options.Copies == 1 ? options.ParamsColumn : $"{options.ParamsColumn}_{copy}";

    public Schema Bind(Schema input, BindContext context)
    {
        _column = ImageColumn.Resolve(input, options.Column, context);
        if (selectKernels() is { } selected) kernels = selected;
        else context.Error("device", ImageDiagnostics.NoGpu, "device: gpu, but no usable CUDA device was found (use auto to fall back to the CPU)");
        var added = new List<Field>();
        for (var k = 0; k < options.Copies; k++)
        {
            var metadata = options.Format == AugmentFormat.Tensor ? new Dictionary<string, string> { ["dataprep.tensor"] = TensorDescription() } : null;
            added.Add(new Field(OutputName(k), BinaryType.Default, nullable: true, metadata));
            added.Add(new Field(ParamsName(k), StringType.Default, nullable: true));
        }
        _output = ImageColumn.With(input, added);
        _outIndexes = added.Select(f => _output.GetFieldIndex(f.Name)).ToArray();
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
        var outputs = new BinaryArray.Builder[options.Copies];
        var parameters = new StringArray.Builder[options.Copies];
        for (var k = 0; k < options.Copies; k++) { outputs[k] = new BinaryArray.Builder(); parameters[k] = new StringArray.Builder(); }
        for (var row = 0; row < input.Length; row++)
        {
            if (images.IsNull(row) || !TryAugment(images.GetBytes(row), row, context, outputs, parameters))
            {
                for (var k = 0; k < options.Copies; k++) { outputs[k].AppendNull(); parameters[k].AppendNull(); }
            }
        }
        var arrays = new IArrowArray[_output.FieldsList.Count];
        for (var i = 0; i < input.ColumnCount; i++)
        {
            var name = input.Schema.GetFieldByIndex(i).Name;
            var at = _output.GetFieldIndex(name);
            if (!_outIndexes.Contains(at)) arrays[at] = ImageColumn.Share(input.Column(i));
        }
        for (var k = 0; k < options.Copies; k++)
        {
            arrays[_outIndexes[2 * k]] = outputs[k].Build();
            arrays[_outIndexes[2 * k + 1]] = parameters[k].Build();
        }
        return new RecordBatch(_output, arrays, input.Length);
    }

    private bool TryAugment(ReadOnlySpan<byte> encoded, int row, BatchContext context, BinaryArray.Builder[] outputs, StringArray.Builder[] parameters)
    {
        try
        {
            var header = codec.ReadHeader(encoded);
            if (header.Pixels > options.MaxPixels)
                throw new ImageDecodeException(ImageDecodeException.TooLarge, $"{header.Width}x{header.Height} is {header.Pixels} pixels, over max_pixels {options.MaxPixels}");
            var plans = new AugmentPlan[options.Copies];
            for (var k = 0; k < options.Copies; k++)
            {
                var random = new StableRandom(context.Seed, $"{Id}/{k}", context.RowIdAt(row));
                plans[k] = AugmentPlan.Draw(options.Ops, ref random, header.Width, header.Height);
            }
            // One decode serves every copy: at the largest size, over the union of regions, any copy needs.
            var decoded = AugmentPlan.Decode(codec, encoded, plans, options.MaxPixels, options.ReducedDecode);
            var results = new byte[options.Copies][];
            for (var k = 0; k < options.Copies; k++)
            {
                var (image, tensor) = plans[k].Apply(decoded, kernels, options.Format == AugmentFormat.Tensor);
                results[k] = tensor is not null ? MemoryMarshal.AsBytes(tensor.AsSpan()).ToArray() : codec.Encode(image, Encoding(), options.Quality);
            }
            for (var k = 0; k < options.Copies; k++)
            {
                outputs[k].Append(results[k].AsSpan());
                parameters[k].Append(plans[k].ToJson(k));
            }
            return true;
        }
        catch (ImageDecodeException e)
        {
            context.Quarantine(row, $"augment.{e.Reason}", e.Message);
            return false;
        }
    }

    private ImageFormat Encoding() => options.Format switch
    {
        AugmentFormat.Jpeg => ImageFormat.Jpeg,
        AugmentFormat.Webp => ImageFormat.Webp,
        _ => ImageFormat.Png,
    };
}
