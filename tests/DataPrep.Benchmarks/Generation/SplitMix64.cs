namespace DataPrep.Benchmarks.Generation;

/// <summary>
/// SplitMix64 finaliser (Steele, Lea and Flood). Used as a stateless hash to derive per-row seeds
/// and Feistel round keys: our own code, so the data set cannot change when the runtime's
/// <see cref="System.Random"/> does.
/// </summary>
internal static class SplitMix64
{
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong z)
    {
        z += Gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
