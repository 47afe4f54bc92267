using ILGPU;
using ILGPU.Runtime;

namespace DataPrep.Images.Gpu;

/// <summary>
/// One of the two buffers of the double-buffered batch path: its own stream, page-locked host
/// arrays (so the copies are real asynchronous DMA) and device arrays. While one slot's stream
/// uploads, computes and downloads, the host packs the next batch into the other slot.
/// Buffers grow to the largest batch seen and are then reused.
/// </summary>
internal sealed class FusedSlot(Accelerator accelerator) : IDisposable
{
    public AcceleratorStream Stream { get; } = accelerator.CreateStream();

    public PageLockedArray1D<byte> HostPixels { get; private set; } = PageLockedArray1D<byte>.Empty;
    public PageLockedArray1D<int> HostInts { get; private set; } = PageLockedArray1D<int>.Empty;
    public PageLockedArray1D<float> HostFloats { get; private set; } = PageLockedArray1D<float>.Empty;
    public PageLockedArray1D<float> HostOutput { get; private set; } = PageLockedArray1D<float>.Empty;

    public MemoryBuffer1D<byte, Stride1D.Dense>? Pixels { get; private set; }
    public MemoryBuffer1D<int, Stride1D.Dense>? Ints { get; private set; }
    public MemoryBuffer1D<float, Stride1D.Dense>? Floats { get; private set; }
    public MemoryBuffer1D<byte, Stride1D.Dense>? Resized { get; private set; }
    public MemoryBuffer1D<int, Stride1D.Dense>? Sums { get; private set; }
    public MemoryBuffer1D<float, Stride1D.Dense>? Output { get; private set; }

    /// <summary>The batch in flight: where its jobs start in the caller's list, and how many.</summary>
    public (int Start, int Count, FusedLayout Layout)? Pending { get; set; }

    public void Ensure(FusedLayout layout)
    {
        if (HostPixels.Length < layout.PixelBytes)
        {
            Replace(HostPixels, Pixels); HostPixels = accelerator.AllocatePageLocked1D<byte>(layout.PixelBytes); Pixels = accelerator.Allocate1D<byte>(layout.PixelBytes);
        }
        if (HostInts.Length < layout.IntCount)
        {
            Replace(HostInts, Ints); HostInts = accelerator.AllocatePageLocked1D<int>(layout.IntCount); Ints = accelerator.Allocate1D<int>(layout.IntCount);
        }
        if (HostFloats.Length < layout.FloatCount)
        {
            Replace(HostFloats, Floats); HostFloats = accelerator.AllocatePageLocked1D<float>(layout.FloatCount); Floats = accelerator.Allocate1D<float>(layout.FloatCount);
        }
        if (HostOutput.Length < layout.OutputCount)
        {
            Replace(HostOutput, Output); HostOutput = accelerator.AllocatePageLocked1D<float>(layout.OutputCount); Output = accelerator.Allocate1D<float>(layout.OutputCount);
            Resized?.Dispose(); Resized = accelerator.Allocate1D<byte>(layout.OutputCount);
            Sums?.Dispose(); Sums = accelerator.Allocate1D<int>(3L * layout.Count);
        }
        if (Sums!.Length < 3L * layout.Count) { Sums.Dispose(); Sums = accelerator.Allocate1D<int>(3L * layout.Count); }
    }

    private static void Replace<T>(PageLockedArray1D<T> host, MemoryBuffer? device) where T : unmanaged
    {
        if (host.Length > 0) host.Dispose();
        device?.Dispose();
    }

    public void Dispose()
    {
        Stream.Synchronize();
        Replace(HostPixels, Pixels);
        Replace(HostInts, Ints);
        Replace(HostFloats, Floats);
        Replace(HostOutput, Output);
        Resized?.Dispose();
        Sums?.Dispose();
        Stream.Dispose();
    }
}
