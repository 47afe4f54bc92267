using System.Numerics;

namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64 as its authors recommend.
/// A mutable struct: pass it by ref.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed)
    {
        // The SplitMix64 sequence from seed, as the authors recommend.
        _s0 = SplitMix64.Mix(seed);
        _s1 = SplitMix64.Mix(unchecked(seed + SplitMix64.Gamma));
        _s2 = SplitMix64.Mix(unchecked(seed + 2 * SplitMix64.Gamma));
        _s3 = SplitMix64.Mix(unchecked(seed + 3 * SplitMix64.Gamma));
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextDoubleOpenZero() => 1.0 - NextDouble();

    /// <summary>Uniform in [0, n) by multiply-shift; the bias (below n / 2^32) does not matter here.</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    public bool Chance(double p) => NextDouble() < p;
}
