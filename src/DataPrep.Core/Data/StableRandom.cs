using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace DataPrep.Data;

/// <summary>
/// Counter-based randomness (DESIGN.md §5): every draw is a pure function of (seed, step id, row
/// identity, draw index), so results never depend on thread scheduling, batch size or the order in
/// which rows are seen. Create one per row (it is a small struct) and draw from it in a fixed order.
/// </summary>
public struct StableRandom
{
    private readonly ulong _key;
    private ulong _counter;

    /// <summary>A stream for one row of one step.</summary>
    public StableRandom(long seed, string stepId, RowId row)
        : this(RowKey(StreamKey(seed, stepId), row))
    {
    }

    /// <summary>A stream keyed by (seed, step id, <paramref name="stream"/>): for choices that belong to a group, a class or a step as a whole rather than a row.</summary>
    public StableRandom(long seed, string stepId, ulong stream) : this(Mix(StreamKey(seed, stepId) ^ Mix(stream)))
    {
    }

    private StableRandom(ulong key)
    {
        _key = key;
        _counter = 0;
    }

    /// <summary>64 uniformly distributed bits.</summary>
    public ulong NextUInt64() => Mix(_key + 0x9E3779B97F4A7C15UL * ++_counter);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public ulong NextBelow(ulong bound)
    {
        if (bound == 0) throw new ArgumentOutOfRangeException(nameof(bound));
        var product = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold) product = Math.BigMul(NextUInt64(), bound, out low);
        }
        return product;
    }

    /// <summary>Standard normal (mean 0, variance 1), by the Box–Muller transform.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // Made rows (Copy != 0) get streams of their own; source rows keep the streams they always had.
    private static ulong RowKey(ulong stream, RowId row)
    {
        var key = Mix(Mix(stream ^ (ulong)(uint)row.Source) ^ (ulong)row.Row);
        return row.Copy == 0 ? key : Mix(key ^ Mix((ulong)(uint)row.Copy));
    }

    private static ulong StreamKey(long seed, string stepId)
    {
        Span<byte> seedBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(seedBytes, seed);
        return XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(stepId), BinaryPrimitives.ReadInt64LittleEndian(seedBytes));
    }

    /// <summary>SplitMix64's finaliser: a bijection with full avalanche.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
