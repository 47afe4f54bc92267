using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataPrep.Images.Kernels.Simd;

/// <summary>Sixteen floats.</summary>
internal readonly struct Lanes512(Vector512<float> value) : IFloatLanes<Lanes512>
{
    private readonly Vector512<float> _v = value;

    public static int Count => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ref float source) => new(Vector512.LoadUnsafe(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, ref float destination) => value._v.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadBytes(ref byte source)
    {
        if (Avx512F.IsSupported)
            return new(Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref source))));
        var bytes = Vector128.LoadUnsafe(ref source);
        var shorts = Vector256.WidenLower(bytes.ToVector256Unsafe());
        var ints = Vector512.WidenLower(shorts.ToVector512Unsafe());
        return new(Vector512.ConvertToSingle(ints.AsInt32()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(Lanes512 value, ref byte destination)
    {
        if (Avx512F.IsSupported)
        {
            // Clamp below at 0 (vpmovusdb saturates unsigned, so negatives would become 255).
            var i = Avx512F.ConvertToVector512Int32WithTruncation(Vector512.Max(value._v + Vector512.Create(0.5f), Vector512<float>.Zero));
            Avx512F.ConvertToVector128ByteWithSaturation(i.AsUInt32()).StoreUnsafe(ref destination);
            return;
        }
        var clamped = Vector512.Min(Vector512.Max(value._v + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512.Create(255f));
        var ints = Vector512.ConvertToInt32(clamped).AsUInt32();
        var shorts = Vector512.Narrow(ints, ints).GetLower();
        var bytes = Vector256.Narrow(shorts, shorts).GetLower();
        bytes.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 MultiplyAdd(Lanes512 a, Lanes512 b, Lanes512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Multiply(Lanes512 a, Lanes512 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Add(Lanes512 a, Lanes512 b) => new(a._v + b._v);
}
