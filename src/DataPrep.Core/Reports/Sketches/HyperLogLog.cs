using System.Numerics;

namespace DataPrep.Reports.Sketches;

/// <summary>
/// Distinct-count estimate (Flajolet et al. 2007, with linear counting for small cardinalities).
/// 2^14 one-byte registers: standard error 1.04 / sqrt(16384) = 0.81 %, so the stated 2 % bound
/// holds with about 2.5 sigma. Merging takes the register-wise maximum, so it is exact: a merged
/// sketch equals one sketch over all the data whatever the grouping.
/// </summary>
public sealed class HyperLogLog
{
    public const int Precision = 14;
    private const int Registers = 1 << Precision;

    /// <summary>Relative error stated in reports (about 2.5 standard errors).</summary>
    public const double StatedError = 0.02;

    private readonly byte[] _registers = new byte[Registers];

    /// <summary>Adds a value by its 64-bit hash (hash values well; see <see cref="Mix"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Precision));
        // Rank of the first set bit in the remaining 50 bits; the sentinel bit caps it.
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    /// <summary>Register-wise maximum, a vector at a time (a report merges one sketch per column per batch).</summary>
    public void Merge(HyperLogLog other)
    {
        var mine = _registers.AsSpan();
        ReadOnlySpan<byte> theirs = other._registers;
        var i = 0;
        for (; i <= Registers - System.Numerics.Vector<byte>.Count; i += System.Numerics.Vector<byte>.Count)
            System.Numerics.Vector.Max(new System.Numerics.Vector<byte>(mine[i..]), new System.Numerics.Vector<byte>(theirs[i..])).CopyTo(mine[i..]);
        for (; i < Registers; i++) // no remainder while Registers is a multiple of the vector width; kept for any width
            if (theirs[i] > mine[i]) mine[i] = theirs[i];
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += 1.0 / (1UL << r);
            if (r == 0) zeros++;
        }
        const double m = Registers;
        var alpha = 0.7213 / (1 + 1.079 / m);
        var estimate = alpha * m * m / sum;
        // Small range: linear counting is far more precise while registers are still empty.
        if (zeros > 0)
        {
            var linear = m * Math.Log(m / zeros);
            if (linear <= 5 * m / 2 || estimate <= 5 * m / 2) estimate = linear;
        }
        return (long)Math.Round(estimate);
    }

    /// <summary>A 64-bit finaliser (splitmix64) for hashing fixed-width values without a byte-wise hash.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
