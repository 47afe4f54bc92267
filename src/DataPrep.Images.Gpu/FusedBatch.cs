using System.Diagnostics;
using DataPrep.Images.Kernels;
using DataPrep.Images.Kernels.Batch;
using ILGPU;
using ILGPU.Runtime;

namespace DataPrep.Images.Gpu;

/// <summary>
/// The batched fused augment op on an accelerator: jobs go in batches of <see cref="BatchSize"/>
/// through two <see cref="FusedSlot"/>s (double buffering). Per batch, on the slot's stream: one
/// upload of each packed buffer, ONE launch per fused op (resample = crop + flip + resize for every
/// pixel of every image; mean gray; colour jitter + normalize to CHW), one download. Kernels are
/// loaded once, in the constructor.
/// </summary>
internal sealed class FusedBatch : IDisposable
{
    private readonly FusedSlot[] _slots;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, FusedShape> _resample;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<byte>, ArrayView<int>, FusedShape> _meanGray;
    private readonly Action<AcceleratorStream, Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FusedShape> _colorNormalize;

    public FusedBatch(Accelerator accelerator, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        BatchSize = batchSize;
        _resample = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<byte>, FusedShape>(FusedKernels.Resample);
        _meanGray = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<byte>, ArrayView<int>, FusedShape>(FusedKernels.MeanGraySums);
        _colorNormalize = accelerator.LoadAutoGroupedKernel<Index2D, ArrayView<byte>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FusedShape>(FusedKernels.ColorNormalize);
        _slots = [new FusedSlot(accelerator), new FusedSlot(accelerator)];
    }

    public int BatchSize { get; }

    /// <summary>
    /// Runs every job, BatchSize at a time; <paramref name="consume"/> gets each job's tensor (a view
    /// of page-locked memory, valid during the call) in job order. While batch k runs on one slot's
    /// stream, the host packs batch k + 1 into the other, whose stream then uploads it while batch
    /// k computes or downloads.
    /// </summary>
    public void Run(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume)
    {
        var next = 0;
        for (var start = 0; start < jobs.Count; start += BatchSize, next ^= 1)
        {
            var slot = _slots[next];
            Finish(slot, consume, spec);
            var layout = Pack(slot, jobs, spec, start, Math.Min(BatchSize, jobs.Count - start));
            Enqueue(slot, layout, spec, timings: null);
            slot.Pending = (start, layout.Count, layout);
        }
        Finish(_slots[next], consume, spec); // the older batch first, so outputs come in job order
        Finish(_slots[next ^ 1], consume, spec);
    }

    /// <summary>
    /// One batch with every phase synchronised and timed (host packing, upload, compute, download):
    /// for the benchmark, which reports compute throughput and transfer time separately.
    /// </summary>
    public FusedTimings RunTimed(IReadOnlyList<FusedJob> jobs, FusedSpec spec, FusedOutput consume)
    {
        if (jobs.Count > BatchSize) throw new ArgumentException($"{jobs.Count} jobs, batch size {BatchSize}", nameof(jobs));
        var slot = _slots[0];
        var timings = new FusedTimings();
        var clock = Stopwatch.StartNew();
        var layout = Pack(slot, jobs, spec, 0, jobs.Count);
        timings.PackMs = clock.Elapsed.TotalMilliseconds;
        Enqueue(slot, layout, spec, timings);
        slot.Pending = (0, layout.Count, layout);
        Finish(slot, consume, spec);
        return timings;
    }

    private static FusedLayout Pack(FusedSlot slot, IReadOnlyList<FusedJob> jobs, FusedSpec spec, int start, int count)
    {
        var tables = new (ResampleTable X, ResampleTable Y)[count];
        long pixels = 0;
        int xMax = 1, yMax = 1, width = spec.Width, height = spec.Height;
        for (var i = 0; i < count; i++)
        {
            var job = jobs[start + i];
            tables[i] = (ResampleTable.Build(job.Source.Width, job.Crop.X, job.Crop.Width, width, job.Filter, job.FlipHorizontal),
                ResampleTable.Build(job.Source.Height, job.Crop.Y, job.Crop.Height, height, job.Filter, job.FlipVertical));
            xMax = Math.Max(xMax, tables[i].X.MaxTaps); yMax = Math.Max(yMax, tables[i].Y.MaxTaps);
            pixels += job.Source.Data.Length;
        }
        if (pixels > int.MaxValue) throw new ArgumentException($"a batch of {count} images holds {pixels} source bytes; lower the batch size", nameof(jobs));
        var layout = new FusedLayout(count, width, height, xMax, yMax, pixels);
        slot.Ensure(layout);
        var bytes = slot.HostPixels.Span;
        var ints = slot.HostInts.Span;
        var floats = slot.HostFloats.Span;
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var job = jobs[start + i];
            job.Source.Data.CopyTo(bytes[offset..]);
            ints[2 * i] = offset; ints[2 * i + 1] = job.Source.Width;
            offset += job.Source.Data.Length;
            var (tx, ty) = tables[i];
            Taps(tx, ints[(layout.XTaps + 2 * i * width)..], floats[(i * width * xMax)..], xMax);
            Taps(ty, ints[(layout.YTaps + 2 * i * height)..], floats[(layout.YWeights + i * height * yMax)..], yMax);
            Color(job.Jitter, floats.Slice(layout.Colors + FusedLayout.ColorFloats * i, FusedLayout.ColorFloats));
        }
        return layout;
    }

    private static void Taps(ResampleTable table, Span<int> taps, Span<float> weights, int maxTaps)
    {
        for (var o = 0; o < table.Start.Length; o++)
        {
            taps[2 * o] = table.Start[o]; taps[2 * o + 1] = table.Count[o];
            var row = weights.Slice(o * maxTaps, maxTaps);
            row.Clear();
            table.Weights.AsSpan(o * table.MaxTaps, table.Count[o]).CopyTo(row);
        }
    }

    /// <summary>The jitter's offset is affine in the mean gray (contrast's pivot), so the kernel finishes it once the mean is known.</summary>
    private static void Color(JitterParams? jitter, Span<float> color)
    {
        color.Clear();
        if (jitter is not { } j) return;
        var at0 = ColorMatrix.Jitter(j.Brightness, j.Contrast, j.Saturation, j.Hue, 0);
        var at1 = ColorMatrix.Jitter(j.Brightness, j.Contrast, j.Saturation, j.Hue, 1);
        at0.M.CopyTo(color);
        for (var c = 0; c < 3; c++) { color[9 + c] = at0.Offset[c]; color[12 + c] = at1.Offset[c] - at0.Offset[c]; }
        color[15] = 1;
    }

    private void Enqueue(FusedSlot slot, FusedLayout layout, FusedSpec spec, FusedTimings? timings)
    {
        var stream = slot.Stream;
        var clock = Stopwatch.StartNew();
        slot.Pixels!.View.SubView(0, layout.PixelBytes).CopyFrom(stream, slot.HostPixels.ArrayView.SubView(0, layout.PixelBytes));
        slot.Ints!.View.SubView(0, layout.IntCount).CopyFrom(stream, slot.HostInts.ArrayView.SubView(0, layout.IntCount));
        slot.Floats!.View.SubView(0, layout.FloatCount).CopyFrom(stream, slot.HostFloats.ArrayView.SubView(0, layout.FloatCount));
        if (timings is not null) { stream.Synchronize(); timings.UploadMs = clock.Elapsed.TotalMilliseconds; clock.Restart(); }
        var shape = new FusedShape(layout.Count, layout.Width, layout.Height, layout.XMaxTaps, layout.YMaxTaps,
            1f / (255f * spec.Std[0]), 1f / (255f * spec.Std[1]), 1f / (255f * spec.Std[2]),
            -spec.Mean[0] / spec.Std[0], -spec.Mean[1] / spec.Std[1], -spec.Mean[2] / spec.Std[2]);
        var plane = layout.Width * layout.Height;
        var resized = slot.Resized!.View.SubView(0, layout.OutputCount);
        var sums = slot.Sums!.View.SubView(0, 3L * layout.Count);
        sums.MemSetToZero(stream);
        _resample(stream, new Index2D(plane, layout.Count), slot.Pixels.View, slot.Ints.View, slot.Floats.View, resized, shape);
        _meanGray(stream, new Index2D((layout.Height + 3) / 4, layout.Count), resized, sums, shape);
        _colorNormalize(stream, new Index2D(plane, layout.Count), resized, sums, slot.Floats.View, slot.Output!.View, shape);
        if (timings is not null) { stream.Synchronize(); timings.ComputeMs = clock.Elapsed.TotalMilliseconds; clock.Restart(); }
        slot.Output.View.SubView(0, layout.OutputCount).CopyTo(stream, slot.HostOutput.ArrayView.SubView(0, layout.OutputCount));
        if (timings is not null) { stream.Synchronize(); timings.DownloadMs = clock.Elapsed.TotalMilliseconds; }
    }

    private static void Finish(FusedSlot slot, FusedOutput consume, FusedSpec spec)
    {
        if (slot.Pending is not { } pending) return;
        slot.Stream.Synchronize();
        slot.Pending = null;
        var output = slot.HostOutput.Span;
        var length = spec.TensorLength;
        for (var i = 0; i < pending.Count; i++) consume(pending.Start + i, output.Slice(i * length, length));
    }

    public void Dispose()
    {
        foreach (var slot in _slots) slot.Dispose();
    }
}

/// <summary>Milliseconds per phase of one synchronised batch (<see cref="FusedBatch.RunTimed"/>).</summary>
public sealed class FusedTimings
{
    public double PackMs { get; set; }
    public double UploadMs { get; set; }
    public double ComputeMs { get; set; }
    public double DownloadMs { get; set; }
}
