using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Additive Gaussian noise that is a pure function of (key, value index): value i gets
/// σ · g(key, i), g an Irwin–Hall approximation of N(0, 1) (four 16-bit uniforms from two 32-bit
/// hashes, centred and scaled to unit variance). No generator state, so any chunking or lane
/// width gives the same image; the vector path hashes 8 indexes per step with 32-bit multiplies.
/// </summary>
public static class Noise
{
    private const float Scale = 1.7320508f / 65536f; // √3 / 2¹⁶: sum of 4 U(0,1) has variance 1/3

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PixelImage Gaussian(PixelImage source, double sigma, uint key)
    {
        var output = new PixelImage(source.Width, source.Height, source.Channels);
        Gaussian(source, sigma, key, output);
        return output;
    }

    /// <summary>Writes <paramref name="source"/> plus noise into <paramref name="output"/> (same size; may be the source itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gaussian(PixelImage source, double sigma, uint key, PixelImage output)
    {
        if (output.Data.Length != source.Data.Length || output.Channels != source.Channels)
            throw new ArgumentException($"output is {output.Width}x{output.Height}x{output.Channels}, source {source.Width}x{source.Height}x{source.Channels}", nameof(output));
        var s = source.Data; var o = output.Data;
        var sg = (float)sigma;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var sr = ref MemoryMarshal.GetArrayDataReference(s);
            ref var or = ref MemoryMarshal.GetArrayDataReference(o);
            var index = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            var keyA = Vector256.Create(key); var keyB = Vector256.Create(key ^ 0x9E3779B9u);
            for (; i + 8 <= s.Length; i += 8, index += Vector256.Create(8u))
            {
                var a = Hash(index ^ keyA); var b = Hash(index ^ keyB);
                var sum = (a & Vector256.Create(0xFFFFu)) + (a >>> 16) + (b & Vector256.Create(0xFFFFu)) + (b >>> 16);
                var g = (Vector256.ConvertToSingle(sum.AsInt32()) - Vector256.Create(131070f)) * Vector256.Create(Scale);
                var px = Vector256.ConvertToSingle(Vector256.WidenLower(Vector128.WidenLower(
                    Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref sr, i))).AsByte()).ToVector256Unsafe()).AsInt32());
                var v = Vector256.FusedMultiplyAdd(g, Vector256.Create(sg), px);
                Simd.Lanes256.StoreBytes(Unsafe.As<Vector256<float>, Simd.Lanes256>(ref v), ref Unsafe.Add(ref or, i));
            }
        }
        for (; i < s.Length; i++) o[i] = Simd.RowSum.ToByte(MathF.FusedMultiplyAdd(Gauss(key, (uint)i), sg, s[i]));
    }

    /// <summary>The noise value of index <paramref name="i"/>, for the scalar path and the reference.</summary>
    public static float Gauss(uint key, uint i)
    {
        var a = Hash(i ^ key); var b = Hash(i ^ key ^ 0x9E3779B9u);
        var sum = (a & 0xFFFF) + (a >> 16) + (b & 0xFFFF) + (b >> 16);
        return ((float)(int)sum - 131070f) * Scale;
    }

    // lowbias32 (Chris Wellons): a 32-bit integer hash with good avalanche.
    private static uint Hash(uint x)
    {
        x ^= x >> 16; x *= 0x7FEB352Du; x ^= x >> 15; x *= 0x846CA68Bu; x ^= x >> 16;
        return x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> x)
    {
        x ^= x >>> 16; x *= Vector256.Create(0x7FEB352Du); x ^= x >>> 15; x *= Vector256.Create(0x846CA68Bu); x ^= x >>> 16;
        return x;
    }
}
