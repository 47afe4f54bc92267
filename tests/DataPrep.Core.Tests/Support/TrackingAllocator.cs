using System.Buffers;
using Apache.Arrow.Memory;

namespace DataPrep.Tests.Support;

/// <summary>An Arrow allocator that counts buffers not yet disposed, to check the engine disposes what it consumes.</summary>
internal sealed class TrackingAllocator : MemoryAllocator
{
    private int _outstanding;

    public int Outstanding => Volatile.Read(ref _outstanding);

    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        Interlocked.Increment(ref _outstanding);
        bytesAllocated = length;
        return new Owner(this, new byte[Math.Max(length, 1)]);
    }

    private sealed class Owner(TrackingAllocator allocator, byte[] bytes) : IMemoryOwner<byte>
    {
        private int _disposed;

        public Memory<byte> Memory => bytes;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref allocator._outstanding);
        }
    }
}
