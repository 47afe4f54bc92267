using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Images.Codecs;
using DataPrep.Images.Steps.Shared;
using DataPrep.Steps;

namespace DataPrep.Images.Steps.Quality;

/// <summary>
/// Row-local checks. Header checks first (no decode); then one gray decode at reduced size for
/// the blank and blur metrics. The first quarantining check wins; flags accumulate.
/// </summary>
internal sealed class ImageQualityStep(ImageQualityOptions options, string id, IImageCodec codec) : IMapStep
{
    private int _column = -1;
    private Schema _output = null!;

    public string Id { get; } = id;

    public StepKind Kind => StepKind.Map;

    public Schema Bind(Schema input, BindContext context)
    {
        _column = ImageColumn.Resolve(input, options.Column, context);
        _output = ImageColumn.With(input, [new Field(options.FlagsColumn, StringType.Default, nullable: true)]);
        return _output;
    }

    public RecordBatch Process(RecordBatch input, BatchContext context)
    {
        var images = (BinaryArray)input.Column(_column);
        var flags = new StringArray.Builder();
        var found = new List<string>();
        for (var row = 0; row < input.Length; row++)
        {
            found.Clear();
            if (!images.IsNull(row)) Check(images.GetBytes(row), row, context, found);
            if (found.Count == 0) flags.AppendNull(); else flags.Append(string.Join(',', found));
        }
        var arrays = new IArrowArray[_output.FieldsList.Count];
        var flagsAt = _output.GetFieldIndex(options.FlagsColumn);
        for (var i = 0; i < input.ColumnCount; i++)
        {
            var at = _output.GetFieldIndex(input.Schema.GetFieldByIndex(i).Name);
            if (at != flagsAt) arrays[at] = ImageColumn.Share(input.Column(i));
        }
        arrays[flagsAt] = flags.Build();
        return new RecordBatch(_output, arrays, input.Length);
    }

    private void Check(ReadOnlySpan<byte> encoded, int row, BatchContext context, List<string> found)
    {
        ImageHeader header;
        try
        {
            header = codec.ReadHeader(encoded);
            if (header.Pixels > options.MaxPixels)
                throw new ImageDecodeException(ImageDecodeException.TooLarge, $"{header.Width}x{header.Height} is {header.Pixels} pixels, over max_pixels {options.MaxPixels}");
        }
        catch (ImageDecodeException e)
        {
            Fail(options.Corrupt, e.Reason, true, e.Message);
            return;
        }
        if (Fail(options.TooSmall.Action, "too_small", header.Width < options.TooSmall.MinWidth || header.Height < options.TooSmall.MinHeight,
                $"{header.Width}x{header.Height} is under the minimum {options.TooSmall.MinWidth}x{options.TooSmall.MinHeight}")) return;
        var ratio = (double)Math.Max(header.Width, header.Height) / Math.Min(header.Width, header.Height);
        if (Fail(options.AspectRatio.Action, "aspect_ratio", ratio > options.AspectRatio.Max, $"aspect ratio {ratio:0.##} is over {options.AspectRatio.Max}")) return;
        if (Fail(options.Channels.Action, "channels", !options.Channels.Allowed.Contains(header.Channels),
                $"{header.Channels} channel(s), expected {string.Join(" or ", options.Channels.Allowed)}")) return;
        if (options.Blank.Action == QualityAction.Off && options.Blurry.Action == QualityAction.Off) return;

        Kernels.PixelImage gray;
        try
        {
            var scale = (double)ImageMetrics.MetricSide / Math.Max(header.Width, header.Height);
            gray = codec.Decode(encoded, options.MaxPixels, 1, (int)Math.Ceiling(header.Width * scale), (int)Math.Ceiling(header.Height * scale));
        }
        catch (ImageDecodeException e)
        {
            Fail(options.Corrupt, e.Reason, true, e.Message);
            return;
        }
        gray = ImageMetrics.Normalised(gray);
        var std = ImageMetrics.StandardDeviation(gray);
        if (Fail(options.Blank.Action, "blank", std <= options.Blank.MaxStd, $"gray-level standard deviation {std:0.###} is at most {options.Blank.MaxStd}")) return;
        var variance = ImageMetrics.LaplacianVariance(gray);
        Fail(options.Blurry.Action, "blurry", variance < options.Blurry.MinVariance, $"variance of the Laplacian {variance:0.##} is under {options.Blurry.MinVariance}");

        // True when the row was quarantined (no further checks).
        bool Fail(QualityAction action, string reason, bool failed = true, string message = "")
        {
            if (!failed || action == QualityAction.Off) return false;
            if (action == QualityAction.Flag) { found.Add(reason); return false; }
            context.Quarantine(row, $"image_quality.{reason}", message);
            return true;
        }
    }
}
