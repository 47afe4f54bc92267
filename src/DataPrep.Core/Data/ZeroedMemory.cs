using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DataPrep.Data;

/// <summary>
/// Zeroed native memory for large tables that grow by reallocation (the dedupe's key table), given
/// back to the operating system as soon as it is freed.
/// </summary>
/// <remarks>
/// On Linux a block of <see cref="MapThreshold"/> bytes or more is its own anonymous mapping, its
/// pages faulted in and zeroed by the kernel (<c>MAP_POPULATE</c>). From the C heap instead, the
/// blocks a growing table frees stay in glibc's arenas: once one large block is freed glibc raises its
/// mmap threshold to that size, the next blocks come from the arenas, and the freed ones, interleaved
/// with live ones, are not returned. A 10M-row run's peak memory held about 100 MB of them (measured
/// with <c>MALLOC_MMAP_THRESHOLD_=131072</c>, which pins the threshold: 1,113–1,146 MiB against
/// 1,246–1,252 MiB). Elsewhere, and below the threshold, the C heap, zeroed by a write: a block from
/// calloc is mapped to the shared zero page until written, so its first probe faults twice.
/// </remarks>
internal static unsafe partial class ZeroedMemory
{
    /// <summary>Blocks this large or larger are mappings of their own (on Linux).</summary>
    public const long MapThreshold = 256 * 1024;

    private const int ProtRead = 0x1, ProtWrite = 0x2;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20, MapPopulate = 0x8000; // the same on x86-64 and arm64

    /// <summary>A zeroed block of <paramref name="bytes"/> bytes; free it with <see cref="Free"/> and the same size.</summary>
    public static void* Alloc(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (Mapped(bytes))
        {
            var block = Mmap(null, (nuint)bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapPopulate, -1, 0);
            if (block == (void*)-1) throw new OutOfMemoryException($"cannot map {bytes:N0} bytes (errno {Marshal.GetLastPInvokeError()})");
            return block;
        }
        var heap = NativeMemory.Alloc((nuint)bytes);
        NativeMemory.Clear(heap, (nuint)bytes);
        return heap;
    }

    /// <param name="bytes">The size it was allocated with.</param>
    /// <remarks>
    /// Never throws: it runs in finalizers and in <c>finally</c> blocks. A mapping the kernel will not
    /// remove (ENOMEM when the split would pass <c>vm.max_map_count</c>) stays until the process ends.
    /// </remarks>
    public static void Free(void* block, long bytes)
    {
        if (block is null) return;
        if (Mapped(bytes))
        {
            var failed = Munmap(block, (nuint)bytes) != 0;
            Debug.Assert(!failed, $"munmap of {bytes:N0} bytes failed (errno {Marshal.GetLastPInvokeError()})");
            return;
        }
        NativeMemory.Free(block);
    }

    private static bool Mapped(long bytes) => bytes >= MapThreshold && OperatingSystem.IsLinux();

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(void* address, nuint length);
}
