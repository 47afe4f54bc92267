using System.Buffers;

namespace DataPrep.IO.Batches;

/// <summary>
/// Pooled column-sized temporaries (dense values, levels, char buffers of a whole row group).
/// Not <see cref="ArrayPool{T}.Shared"/>: that pool also caches one array per bucket in every
/// thread that returns one, and column work hops across thread-pool threads, so arrays of tens of
/// megabytes piled up per thread (peak memory grew with the run). This pool keeps at most two
/// arrays per size class, shared by all threads.
/// </summary>
internal static class ColumnPool<T>
{
    public static readonly ArrayPool<T> Shared = ArrayPool<T>.Create(maxArrayLength: 1 << 30, maxArraysPerBucket: 2);
}
