using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DataPrep.Images.Kernels;

/// <summary>
/// Fused normalize + HWC→CHW: <c>out[c][y][x] = (in[y][x][c] / 255 - mean[c]) / std[c]</c> as
/// float32 planes. RGB takes 16 pixels per step: three 16-byte loads are deinterleaved into R, G
/// and B byte vectors by shuffles (an index of 255 yields 0, so three shuffles OR together), then
/// widened and scaled 4 floats at a time.
/// </summary>
public static class Normalize
{
    private static readonly Vector128<byte>[] Deinterleave = BuildMasks();

    public static float[] ToChw(PixelImage source, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        // Every value is written: no zeroing (a 224² RGB tensor is a 602 KB large-object allocation).
        var output = GC.AllocateUninitializedArray<float>(source.Width * source.Height * source.Channels);
        ToChw(source, mean, std, output);
        return output;
    }

    // Kernels skip tiering: tier-0 code of these loops is many times slower, and on a busy machine tier-up comes late.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToChw(PixelImage source, ReadOnlySpan<float> mean, ReadOnlySpan<float> std, Span<float> output)
    {
        var c = source.Channels;
        if (mean.Length != c || std.Length != c) throw new ArgumentException($"mean and std need {c} values");
        var plane = source.Width * source.Height;
        Span<float> scale = stackalloc float[c];
        Span<float> bias = stackalloc float[c];
        for (var ch = 0; ch < c; ch++)
        {
            scale[ch] = 1f / (255f * std[ch]);
            bias[ch] = -mean[ch] / std[ch];
        }
        var p = 0;
        if (c == 3 && Vector128.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetArrayDataReference(source.Data);
            ref var o = ref MemoryMarshal.GetReference(output);
            for (; p + 16 <= plane; p += 16)
            {
                var a = Vector128.LoadUnsafe(ref s, (nuint)(p * 3));
                var b = Vector128.LoadUnsafe(ref s, (nuint)(p * 3 + 16));
                var d = Vector128.LoadUnsafe(ref s, (nuint)(p * 3 + 32));
                for (var ch = 0; ch < 3; ch++)
                {
                    var v = Vector128.Shuffle(a, Deinterleave[ch * 3]) | Vector128.Shuffle(b, Deinterleave[ch * 3 + 1]) | Vector128.Shuffle(d, Deinterleave[ch * 3 + 2]);
                    Store16(v, Vector128.Create(scale[ch]), Vector128.Create(bias[ch]), ref Unsafe.Add(ref o, ch * plane + p));
                }
            }
        }
        for (; p < plane; p++)
        for (var ch = 0; ch < c; ch++)
            output[ch * plane + p] = MathF.FusedMultiplyAdd(source.Data[p * c + ch], scale[ch], bias[ch]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store16(Vector128<byte> v, Vector128<float> scale, Vector128<float> bias, ref float destination)
    {
        var (lo, hi) = Vector128.Widen(v);
        var (a, b) = Vector128.Widen(lo);
        var (c, d) = Vector128.Widen(hi);
        Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(a.AsInt32()), scale, bias).StoreUnsafe(ref destination);
        Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(b.AsInt32()), scale, bias).StoreUnsafe(ref destination, 4);
        Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(c.AsInt32()), scale, bias).StoreUnsafe(ref destination, 8);
        Vector128.FusedMultiplyAdd(Vector128.ConvertToSingle(d.AsInt32()), scale, bias).StoreUnsafe(ref destination, 12);
    }

    // Masks[ch * 3 + part]: lane j takes byte (3j + ch) - 16·part of load 'part', or 255 (zero).
    private static Vector128<byte>[] BuildMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> m = stackalloc byte[16];
        for (var ch = 0; ch < 3; ch++)
        for (var part = 0; part < 3; part++)
        {
            for (var j = 0; j < 16; j++)
            {
                var index = 3 * j + ch - 16 * part;
                m[j] = index is >= 0 and < 16 ? (byte)index : (byte)255;
            }
            masks[ch * 3 + part] = Vector128.Create((ReadOnlySpan<byte>)m);
        }
        return masks;
    }
}
