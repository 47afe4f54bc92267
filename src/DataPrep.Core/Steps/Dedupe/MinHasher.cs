using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPrep.Steps.Dedupe;

/// <summary>
/// MinHash signatures and LSH band keys. Permutation i of a shingle hash x = (hi, lo) is
/// h_i(x) = a_i·lo + b_i·hi (mod 2^32) with odd random a_i, b_i: a cheap mix of an already
/// uniform 64-bit hash, computed for 8 permutations per Vector256 instruction.
/// </summary>
internal sealed class MinHasher
{
    private readonly uint[] _a;
    private readonly uint[] _b;

    public MinHasher(int bands, int rows)
    {
        Bands = bands;
        Rows = rows;
        Length = bands * rows;
        // Padded to whole vectors; the padding lanes are computed and never read.
        var padded = (Length + Vector256<uint>.Count - 1) / Vector256<uint>.Count * Vector256<uint>.Count;
        _a = new uint[padded];
        _b = new uint[padded];
        // Fixed constants (not the run's seed): signatures must mean the same in every run.
        var state = 0x5DEECE66DUL;
        for (var i = 0; i < padded; i++)
        {
            _a[i] = (uint)Next(ref state) | 1;
            _b[i] = (uint)Next(ref state) | 1;
        }
    }

    public int Bands { get; }

    public int Rows { get; }

    /// <summary>Signature length (bands × rows).</summary>
    public int Length { get; }

    /// <summary>A buffer for <see cref="Signature"/> (padded to whole vectors).</summary>
    public uint[] NewBuffer() => new uint[_a.Length];

    /// <summary>The signature of a shingle set into <paramref name="signature"/> (from <see cref="NewBuffer"/>); all uint.MaxValue for an empty set.</summary>
    public void Signature(ReadOnlySpan<ulong> shingles, uint[] signature)
    {
        signature.AsSpan().Fill(uint.MaxValue);
        if (!Vector256.IsHardwareAccelerated)
        {
            SignatureScalar(shingles, signature);
            return;
        }
        var a = MemoryMarshal.Cast<uint, Vector256<uint>>(_a.AsSpan());
        var b = MemoryMarshal.Cast<uint, Vector256<uint>>(_b.AsSpan());
        var sig = MemoryMarshal.Cast<uint, Vector256<uint>>(signature.AsSpan());
        // Lane layout: vector v holds permutations 8v..8v+7. Two vectors at a time stay in registers
        // over all shingles (one broadcast of each shingle's halves feeds 16 permutations); an odd
        // last vector is done alone. Padding lanes are computed like the others and never read.
        var v = 0;
        for (; v + 1 < sig.Length; v += 2)
        {
            Vector256<uint> a0 = a[v], b0 = b[v], a1 = a[v + 1], b1 = b[v + 1];
            var m0 = Vector256<uint>.AllBitsSet;
            var m1 = Vector256<uint>.AllBitsSet;
            foreach (var x in shingles)
            {
                var lo = Vector256.Create((uint)x);
                var hi = Vector256.Create((uint)(x >> 32));
                m0 = Vector256.Min(m0, a0 * lo + b0 * hi);
                m1 = Vector256.Min(m1, a1 * lo + b1 * hi);
            }
            sig[v] = m0;
            sig[v + 1] = m1;
        }
        if (v < sig.Length)
        {
            Vector256<uint> av = a[v], bv = b[v];
            var m = Vector256<uint>.AllBitsSet;
            foreach (var x in shingles) m = Vector256.Min(m, av * Vector256.Create((uint)x) + bv * Vector256.Create((uint)(x >> 32)));
            sig[v] = m;
        }
    }

    /// <summary>The scalar reference of <see cref="Signature"/>.</summary>
    internal void SignatureScalar(ReadOnlySpan<ulong> shingles, uint[] signature)
    {
        foreach (var x in shingles)
        {
            uint lo = (uint)x, hi = (uint)(x >> 32);
            for (var i = 0; i < signature.Length; i++) signature[i] = Math.Min(signature[i], unchecked(_a[i] * lo + _b[i] * hi));
        }
    }

    /// <summary>One 64-bit key per band: the hash of its rows' values, seeded by the band number so equal values in different bands never meet.</summary>
    public void BandKeys(uint[] signature, Span<ulong> keys)
    {
        var bytes = MemoryMarshal.AsBytes(signature.AsSpan(0, Length));
        for (var band = 0; band < Bands; band++)
            keys[band] = XxHash3.HashToUInt64(bytes.Slice(band * Rows * 4, Rows * 4), band);
    }

    private static ulong Next(ref ulong state)
    {
        // SplitMix64.
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
