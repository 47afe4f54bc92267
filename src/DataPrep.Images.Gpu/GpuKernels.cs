using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace DataPrep.Images.Gpu;

/// <summary>
/// The fused kernels on an ILGPU accelerator: CUDA on a machine with an NVIDIA GPU, or ILGPU's CPU
/// accelerator (the same kernels, interpreted on threads) for parity tests. Kernels are compiled
/// once, when this object is built. One thread per output pixel; the resample reads the same tap
/// tables as the SIMD path and sums both axes directly. The per-image methods serve ops outside the
/// fused shape; <see cref="RunFused"/> takes the augment step's crop + flip + resize + jitter +
/// normalize a batch at a time (<see cref="FusedBatch"/>).
/// </summary>
public sealed class GpuKernels : IBatchImageKernels, IDisposable
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly Action<Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ResampleParams> _resample;
    private readonly Action<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<byte>> _color;
    private readonly Action<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<float>, int> _normalize;
    private readonly FusedBatch _batch;
    private readonly object _gate = new(); // one caller at a time: the per-image launches share the default stream, batches share the two slots

    /// <summary>Images per batch of the fused path (256 unless the creator says otherwise).</summary>
    public const int DefaultBatchSize = 256;

    private GpuKernels(Context context, Accelerator accelerator, int batchSize)
    {
        _context = context;
        _accelerator = accelerator;
        _batch = new FusedBatch(accelerator, batchSize);
        _resample = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, ResampleParams>(ResampleKernel);
        _color = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<byte>>(ColorKernel);
        _normalize = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<float>, ArrayView<float>, int>(NormalizeKernel);
    }

    public string Name => $"gpu ({_accelerator.AcceleratorType}: {_accelerator.Name})";

    /// <summary>The first CUDA device, or null when there is none (or the CUDA driver cannot be loaded).</summary>
    public static GpuKernels? TryCreateCuda(int batchSize = DefaultBatchSize)
    {
        Context? context = null;
        try
        {
            context = Context.Create(b => b.Cuda());
            var device = context.Devices.FirstOrDefault(d => d.AcceleratorType == AcceleratorType.Cuda);
            if (device is null) { context.Dispose(); return null; }
            return new GpuKernels(context, device.CreateAccelerator(context), batchSize);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            context?.Dispose();
            return null;
        }
    }

    /// <summary>ILGPU's CPU accelerator: the GPU kernels without a GPU, for tests.</summary>
    public static GpuKernels CreateCpu(int batchSize = DefaultBatchSize)
    {
        var context = Context.Create(b => b.CPU());
        return new GpuKernels(context, context.GetCPUDevice(0).CreateAccelerator(context), batchSize);
    }

    public int BatchSize => _batch.BatchSize;

    public void RunFused(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume)
    {
        FusedAugment.Validate(jobs, spec);
        lock (_gate) _batch.Run(jobs, spec, consume);
    }

    /// <summary>One batch (at most <see cref="BatchSize"/> jobs) with each phase synchronised and timed, for the benchmark.</summary>
    public FusedTimings RunFusedTimed(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume)
    {
        FusedAugment.Validate(jobs, spec);
        lock (_gate) return _batch.RunTimed(jobs, spec, consume);
    }

    public PixelImage Resample(PixelImage source, CropRect crop, int width, int height, ResizeFilter filter, bool flipHorizontal, bool flipVertical)
    {
        var tx = ResampleTable.Build(source.Width, crop.X, crop.Width, width, filter, flipHorizontal);
        var ty = ResampleTable.Build(source.Height, crop.Y, crop.Height, height, filter, flipVertical);
        // Taps packed as (start, count) pairs.
        var xs = new int[width * 2]; var ys = new int[height * 2];
        for (var i = 0; i < width; i++) { xs[2 * i] = tx.Start[i]; xs[2 * i + 1] = tx.Count[i]; }
        for (var i = 0; i < height; i++) { ys[2 * i] = ty.Start[i]; ys[2 * i + 1] = ty.Count[i]; }
        var output = new PixelImage(width, height, source.Channels);
        lock (_gate)
        {
            using var src = _accelerator.Allocate1D(source.Data);
            using var xTaps = _accelerator.Allocate1D(xs);
            using var xWeights = _accelerator.Allocate1D(tx.Weights);
            using var yTaps = _accelerator.Allocate1D(ys);
            using var yWeights = _accelerator.Allocate1D(ty.Weights);
            using var dst = _accelerator.Allocate1D<byte>(output.Data.Length);
            _resample(new Index2D(width, height), src.View, xTaps.View, xWeights.View, yTaps.View, yWeights.View, dst.View,
                new ResampleParams(source.Width, source.Channels, tx.MaxTaps, ty.MaxTaps));
            dst.CopyToCPU(output.Data);
        }
        return output;
    }

    public PixelImage Color(PixelImage source, ColorMatrix matrix)
    {
        if (source.Channels != 3) throw new ArgumentException("color transforms need RGB (3 channels)", nameof(source));
        var output = new PixelImage(source.Width, source.Height, 3);
        lock (_gate)
        {
            using var src = _accelerator.Allocate1D(source.Data);
            using var m = _accelerator.Allocate1D([.. matrix.M, .. matrix.Offset]);
            using var dst = _accelerator.Allocate1D<byte>(output.Data.Length);
            _color(source.Width * source.Height, src.View, m.View, dst.View);
            dst.CopyToCPU(output.Data);
        }
        return output;
    }

    public float[] NormalizeChw(PixelImage source, float[] mean, float[] std)
    {
        var c = source.Channels;
        var coefficients = new float[2 * c];
        for (var ch = 0; ch < c; ch++) { coefficients[2 * ch] = 1f / (255f * std[ch]); coefficients[2 * ch + 1] = -mean[ch] / std[ch]; }
        var output = new float[source.Data.Length];
        lock (_gate)
        {
            using var src = _accelerator.Allocate1D(source.Data);
            using var k = _accelerator.Allocate1D(coefficients);
            using var dst = _accelerator.Allocate1D<float>(output.Length);
            _normalize(source.Width * source.Height, src.View, k.View, dst.View, c);
            dst.CopyToCPU(output);
        }
        return output;
    }

    public void Dispose()
    {
        _batch.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    /// <summary>Scalars of a resample launch.</summary>
    public readonly record struct ResampleParams(int SourceWidth, int Channels, int XMaxTaps, int YMaxTaps);

    private static void ResampleKernel(Index2D at, ArrayView<byte> src, ArrayView<int> xTaps, ArrayView<float> xWeights,
        ArrayView<int> yTaps, ArrayView<float> yWeights, ArrayView<byte> dst, ResampleParams p)
    {
        int x = at.X, y = at.Y;
        int x0 = xTaps[2 * x], xn = xTaps[2 * x + 1], y0 = yTaps[2 * y], yn = yTaps[2 * y + 1];
        var width = (int)(dst.Length / p.Channels) / ((int)(yTaps.Length / 2));
        for (var ch = 0; ch < p.Channels; ch++)
        {
            var acc = 0f;
            for (var i = 0; i < yn; i++)
            {
                // Horizontal taps per source row, then the vertical weights (the SIMD path sums in the other order: parity is within one level).
                var row = 0f;
                for (var j = 0; j < xn; j++)
                    row += xWeights[x * p.XMaxTaps + j] * src[((y0 + i) * p.SourceWidth + x0 + j) * p.Channels + ch];
                acc += yWeights[y * p.YMaxTaps + i] * row;
            }
            dst[(y * width + x) * p.Channels + ch] = ToByte(acc);
        }
    }

    private static void ColorKernel(Index1D pixel, ArrayView<byte> src, ArrayView<float> m, ArrayView<byte> dst)
    {
        var i = pixel * 3;
        float r = src[i], g = src[i + 1], b = src[i + 2];
        for (var c = 0; c < 3; c++) dst[i + c] = ToByte(m[c * 3] * r + m[c * 3 + 1] * g + m[c * 3 + 2] * b + m[9 + c]);
    }

    private static void NormalizeKernel(Index1D pixel, ArrayView<byte> src, ArrayView<float> k, ArrayView<float> dst, int channels)
    {
        var plane = (int)(src.Length / channels);
        for (var c = 0; c < channels; c++) dst[c * plane + pixel] = src[pixel * channels + c] * k[2 * c] + k[2 * c + 1];
    }

    private static byte ToByte(float v)
    {
        var r = MathF.Floor(v + 0.5f);
        return (byte)(r < 0 ? 0 : r > 255 ? 255 : r);
    }
}
