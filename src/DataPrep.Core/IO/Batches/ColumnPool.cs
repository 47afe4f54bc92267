using System.Buffers;

namespace DataPrep.IO.Batches;

/// <summary>
/// Column-sized temporaries (dense values, levels, char buffers of a whole row group), allocated
/// per use and left to the GC. Pooling them was measured and rejected: <see cref="ArrayPool{T}.Shared"/>
/// caches one array per size class in every thread that returns one, and column work hops across
/// thread-pool threads, so 100 MB arrays piled up per thread; a private bounded pool
/// (<c>ArrayPool.Create(1 &lt;&lt; 30, 2)</c>) keeps its arrays for the life of the process: about
/// 200 MB more peak memory for a 1M-row copy, for about 0.25 s less in-process copy time (fewer
/// large-object-heap collections). Memory won; see docs/PARQUET-PERF.md. Values arrays are not
/// zeroed (every slot used is written first).
/// </summary>
internal sealed class ColumnPool<T> : ArrayPool<T>
{
    public static new readonly ArrayPool<T> Shared = new ColumnPool<T>();

    public override T[] Rent(int minimumLength) => GC.AllocateUninitializedArray<T>(minimumLength);

    public override void Return(T[] array, bool clearArray = false)
    {
        // Dropped: the GC takes it back.
    }
}
