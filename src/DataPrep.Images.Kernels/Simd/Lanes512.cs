using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
        var bytes = Vector128.LoadUnsafe(ref source);
        var shorts = Vector256.WidenLower(bytes.ToVector256Unsafe());
        var ints = Vector512.WidenLower(shorts.ToVector512Unsafe());
        return new(Vector512.ConvertToSingle(ints.AsInt32()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreBytes(Lanes512 value, ref byte destination)
    {
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
